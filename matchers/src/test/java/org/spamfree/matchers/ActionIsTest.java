package org.spamfree.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

class ActionIsTest {

  private static final String ALICE = "alice@example.test";
  private static final String BOB = "bob@example.test";
  private static final String CAROL = "carol@example.test";
  private static final String DAVE = "dave@example.test";

  @Test
  void matchesRecipientsWithOneAction() throws Exception {
    ActionIs matcher = matcher("QUARANTINE");

    assertThat(matcher.match(mailWithActions())).containsExactly(new MailAddress(ALICE));
  }

  @Test
  void matchesRecipientsWithSeveralActions() throws Exception {
    ActionIs matcher = matcher("QUARANTINE,TEMPFAIL,REJECT");

    assertThat(matcher.match(mailWithActions()))
        .containsExactlyInAnyOrder(new MailAddress(ALICE), new MailAddress(CAROL));
  }

  @Test
  void acceptsLowerCaseAndSpaces() throws Exception {
    ActionIs matcher = matcher(" quarantine , Reject ");

    assertThat(matcher.match(mailWithActions()))
        .containsExactlyInAnyOrder(new MailAddress(ALICE), new MailAddress(CAROL));
  }

  @Test
  void matchesAcceptedRecipients() throws Exception {
    ActionIs matcher = matcher("ACCEPT");

    assertThat(matcher.match(mailWithActions())).containsExactly(new MailAddress(BOB));
  }

  @Test
  void skipsRecipientWithoutAction() throws Exception {
    ActionIs matcher = matcher("ACCEPT,TAG,QUARANTINE,TEMPFAIL,REJECT");

    assertThat(matcher.match(mailWithActions())).doesNotContain(new MailAddress(DAVE));
  }

  @Test
  void matchesNothingWithoutVerdict() throws Exception {
    ActionIs matcher = matcher("ACCEPT,TAG,QUARANTINE,TEMPFAIL,REJECT");
    Mail mail = FakeMail.builder().name("relayed").recipients(ALICE, BOB).build();

    assertThat(matcher.match(mail)).isEmpty();
  }

  @Test
  void rejectsUnknownAction() {
    assertThatThrownBy(() -> matcher("QUARANTINE,QUARANTEEN"))
        .hasMessageContaining("'QUARANTEEN'")
        .hasMessageContaining("QUARANTINE, TEMPFAIL, REJECT");
  }

  @Test
  void rejectsMissingCondition() {
    assertThatThrownBy(() -> matcher(null))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("ActionIs needs a condition");
  }

  @Test
  void rejectsBlankCondition() {
    assertThatThrownBy(() -> matcher(" "))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("ActionIs needs a condition");
  }

  private static ActionIs matcher(String condition) throws MessagingException {
    ActionIs matcher = new ActionIs();
    matcher.init(FakeMatcherConfig.builder().matcherName("ActionIs").condition(condition).build());
    return matcher;
  }

  /**
   * Returns mail with the attributes that VerdictMessageHook sets: alice QUARANTINE, bob ACCEPT,
   * carol REJECT, and dave without an action.
   */
  private static Mail mailWithActions() throws MessagingException {
    Map<String, AttributeValue<?>> actions = new LinkedHashMap<>();
    actions.put(ALICE, AttributeValue.of("QUARANTINE"));
    actions.put(BOB, AttributeValue.of("ACCEPT"));
    actions.put(CAROL, AttributeValue.of("REJECT"));
    List<AttributeValue<?>> symbols = List.of(AttributeValue.of("HELO_BARE_IP"));
    return FakeMail.builder()
        .name("verdict")
        .recipients(ALICE, BOB, CAROL, DAVE)
        .attribute(attribute(MailAttributes.SCORE, AttributeValue.of(12.0)))
        .attribute(attribute(MailAttributes.SYMBOLS, AttributeValue.of(symbols)))
        .attribute(attribute(MailAttributes.ACTIONS, AttributeValue.of(actions)))
        .build();
  }

  private static Attribute attribute(String name, AttributeValue<?> value) {
    return new Attribute(AttributeName.of(name), value);
  }
}
