package org.spamfree.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spamfree.core.verdict.MailAttributes;

class ScoreAtLeastTest {

  private static final String ALICE = "alice@example.test";
  private static final String BOB = "bob@example.test";

  @Test
  void matchesAllRecipientsAtThreshold() throws Exception {
    ScoreAtLeast matcher = matcher("6.5");

    assertThat(matcher.match(mailWithScore(6.5)))
        .containsExactlyInAnyOrder(new MailAddress(ALICE), new MailAddress(BOB));
  }

  @Test
  void matchesAboveThreshold() throws Exception {
    ScoreAtLeast matcher = matcher("6.5");

    assertThat(matcher.match(mailWithScore(20.0))).hasSize(2);
  }

  @Test
  void matchesNothingJustBelowThreshold() throws Exception {
    ScoreAtLeast matcher = matcher("6.5");

    assertThat(matcher.match(mailWithScore(Math.nextDown(6.5)))).isEmpty();
  }

  @Test
  void acceptsNegativeThreshold() throws Exception {
    ScoreAtLeast matcher = matcher(" -1 ");

    assertThat(matcher.match(mailWithScore(-1.0))).hasSize(2);
  }

  @Test
  void matchesNothingWithoutVerdict() throws Exception {
    ScoreAtLeast matcher = matcher("-100");
    Mail mail = FakeMail.builder().name("relayed").recipients(ALICE, BOB).build();

    assertThat(matcher.match(mail)).isEmpty();
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"high", "", " ", "6,5"})
  void rejectsNonNumericCondition(String condition) {
    assertThatThrownBy(() -> matcher(condition))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("'" + condition + "'")
        .hasMessageContaining("a number such as 7.5");
  }

  @Test
  void rejectsMissingCondition() {
    assertThatThrownBy(() -> matcher(null))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("a number such as 7.5");
  }

  @Test
  void rejectsNonFiniteCondition() {
    for (String condition : List.of("NaN", "Infinity", "-Infinity")) {
      assertThatThrownBy(() -> matcher(condition))
          .as("condition %s", condition)
          .isInstanceOf(MessagingException.class)
          .hasMessageContaining("'" + condition + "'");
    }
  }

  private static ScoreAtLeast matcher(String condition) throws MessagingException {
    ScoreAtLeast matcher = new ScoreAtLeast();
    matcher.init(
        FakeMatcherConfig.builder().matcherName("ScoreAtLeast").condition(condition).build());
    return matcher;
  }

  /** Returns mail to alice and bob with the score attribute as VerdictMessageHook sets it. */
  private static Mail mailWithScore(double score) throws MessagingException {
    return FakeMail.builder()
        .name("verdict")
        .recipients(ALICE, BOB)
        .attribute(new Attribute(AttributeName.of(MailAttributes.SCORE), AttributeValue.of(score)))
        .build();
  }
}
