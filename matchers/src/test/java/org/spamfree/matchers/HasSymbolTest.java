package org.spamfree.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.spamfree.core.verdict.MailAttributes;

class HasSymbolTest {

  private static final String ALICE = "alice@example.test";
  private static final String BOB = "bob@example.test";

  @Test
  void matchesAllRecipientsWhenSymbolIsPresent() throws Exception {
    HasSymbol matcher = matcher("HELO_BARE_IP");

    assertThat(matcher.match(mailWithSymbols("HELO_LOCALHOST", "HELO_BARE_IP")))
        .containsExactlyInAnyOrder(new MailAddress(ALICE), new MailAddress(BOB));
  }

  @Test
  void matchesNothingWhenSymbolIsAbsent() throws Exception {
    HasSymbol matcher = matcher("HELO_BARE_IP");

    assertThat(matcher.match(mailWithSymbols("HELO_LOCALHOST"))).isEmpty();
  }

  @Test
  void matchesWhenAnyListedSymbolIsPresent() throws Exception {
    HasSymbol matcher = matcher("HELO_BARE_IP, HELO_MISSING");

    assertThat(matcher.match(mailWithSymbols("HELO_MISSING"))).hasSize(2);
  }

  @Test
  void matchesNothingWithoutSymbols() throws Exception {
    HasSymbol matcher = matcher("HELO_BARE_IP");

    assertThat(matcher.match(mailWithSymbols())).isEmpty();
  }

  @Test
  void matchesNothingWithoutVerdict() throws Exception {
    HasSymbol matcher = matcher("HELO_BARE_IP");
    Mail mail = FakeMail.builder().name("relayed").recipients(ALICE, BOB).build();

    assertThat(matcher.match(mail)).isEmpty();
  }

  @Test
  void rejectsMissingCondition() {
    assertThatThrownBy(() -> matcher(null))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("HasSymbol needs a condition");
  }

  @Test
  void rejectsBlankCondition() {
    assertThatThrownBy(() -> matcher(" "))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("HasSymbol needs a condition");
  }

  private static HasSymbol matcher(String condition) throws MessagingException {
    HasSymbol matcher = new HasSymbol();
    matcher.init(FakeMatcherConfig.builder().matcherName("HasSymbol").condition(condition).build());
    return matcher;
  }

  /** Returns mail to alice and bob with the symbols attribute as VerdictMessageHook sets it. */
  private static Mail mailWithSymbols(String... names) throws MessagingException {
    List<AttributeValue<?>> symbols =
        Arrays.stream(names).<AttributeValue<?>>map(AttributeValue::of).toList();
    return FakeMail.builder()
        .name("verdict")
        .recipients(ALICE, BOB)
        .attribute(attribute(MailAttributes.SCORE, AttributeValue.of(4.0)))
        .attribute(attribute(MailAttributes.SYMBOLS, AttributeValue.of(symbols)))
        .build();
  }

  private static Attribute attribute(String name, AttributeValue<?> value) {
    return new Attribute(AttributeName.of(name), value);
  }
}
