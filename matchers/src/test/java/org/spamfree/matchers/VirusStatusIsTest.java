package org.spamfree.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spamfree.core.clamav.VirusAttributes;

class VirusStatusIsTest {

  private static final String ALICE = "alice@example.test";
  private static final String BOB = "bob@example.test";

  @ParameterizedTest
  @CsvSource({
    "INFECTED, INFECTED, true",
    "INFECTED, CLEAN, false",
    "INFECTED, UNSCANNED, false",
    "'INFECTED, UNSCANNED', UNSCANNED, true",
    "infected, INFECTED, true",
    "CLEAN, CLEAN, true"
  })
  void matchesListedStatus(String condition, String status, boolean matches) throws Exception {
    VirusStatusIs matcher = matcher(condition);

    if (matches) {
      assertThat(matcher.match(mailWithStatus(status)))
          .containsExactlyInAnyOrder(new MailAddress(ALICE), new MailAddress(BOB));
    } else {
      assertThat(matcher.match(mailWithStatus(status))).isEmpty();
    }
  }

  @Test
  void unscannedMailNeverMatches() throws Exception {
    VirusStatusIs matcher = matcher("CLEAN,INFECTED,UNSCANNED");
    Mail mail = FakeMail.builder().name("not-scanned").recipients(ALICE, BOB).build();

    assertThat(matcher.match(mail)).isEmpty();
  }

  @Test
  void rejectsUnknownStatus() {
    assertThatThrownBy(() -> matcher("VIRUS"))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("invalid status 'VIRUS'")
        .hasMessageContaining("INFECTED");
  }

  @Test
  void rejectsMissingCondition() {
    assertThatThrownBy(() -> matcher(null))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("VirusStatusIs needs a condition");
  }

  private static VirusStatusIs matcher(String condition) throws MessagingException {
    VirusStatusIs matcher = new VirusStatusIs();
    matcher.init(
        FakeMatcherConfig.builder().matcherName("VirusStatusIs").condition(condition).build());
    return matcher;
  }

  private static Mail mailWithStatus(String status) throws MessagingException {
    return FakeMail.builder()
        .name("scanned")
        .recipients(ALICE, BOB)
        .attribute(
            new Attribute(AttributeName.of(VirusAttributes.STATUS), AttributeValue.of(status)))
        .build();
  }
}
