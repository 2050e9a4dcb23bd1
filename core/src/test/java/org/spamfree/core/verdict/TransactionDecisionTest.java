package org.spamfree.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TransactionDecisionTest {

  private static final Policy POLICY =
      new Policy(
          "default",
          OptionalDouble.of(5),
          OptionalDouble.of(10),
          OptionalDouble.empty(),
          OptionalDouble.of(15));

  private static final Verdict VERDICT = new Verdict(16.0, List.of());

  @Test
  void allRejectIsReject() {
    TransactionDecision decision =
        TransactionDecision.of(
            VERDICT,
            List.of(
                recipient("alice@example.test", Action.REJECT),
                recipient("bob@example.test", Action.REJECT)));

    assertThat(decision.smtpAction()).isEqualTo(Action.REJECT);
  }

  @Test
  void allRejectKeepsRecipientActions() {
    TransactionDecision decision =
        TransactionDecision.of(
            VERDICT,
            List.of(
                recipient("alice@example.test", Action.REJECT),
                recipient("bob@example.test", Action.REJECT)));

    assertThat(decision.actionsByRecipient())
        .containsExactly(
            Map.entry("alice@example.test", Action.REJECT),
            Map.entry("bob@example.test", Action.REJECT));
  }

  @Test
  void rejectAndTempfailIsTempfail() {
    TransactionDecision decision =
        TransactionDecision.of(
            VERDICT,
            List.of(
                recipient("alice@example.test", Action.REJECT),
                recipient("bob@example.test", Action.TEMPFAIL)));

    assertThat(decision.smtpAction()).isEqualTo(Action.TEMPFAIL);
  }

  @Test
  void rejectAndTempfailKeepsRecipientActions() {
    TransactionDecision decision =
        TransactionDecision.of(
            VERDICT,
            List.of(
                recipient("alice@example.test", Action.REJECT),
                recipient("bob@example.test", Action.TEMPFAIL)));

    assertThat(decision.actionsByRecipient())
        .containsExactly(
            Map.entry("alice@example.test", Action.REJECT),
            Map.entry("bob@example.test", Action.TEMPFAIL));
  }

  @Test
  void oneAcceptAmongRejectsIsAccept() {
    TransactionDecision decision = oneAcceptAmongRejects();

    assertThat(decision.smtpAction()).isEqualTo(Action.ACCEPT);
  }

  @Test
  void oneAcceptAmongRejectsQuarantinesRefusedRecipients() {
    TransactionDecision decision = oneAcceptAmongRejects();

    assertThat(decision.actionsByRecipient())
        .containsExactly(
            Map.entry("alice@example.test", Action.QUARANTINE),
            Map.entry("bob@example.test", Action.ACCEPT),
            Map.entry("carol@example.test", Action.QUARANTINE));
  }

  @Test
  void quarantinedRecipientKeepsItsPolicyAndDomain() {
    RecipientDecision alice = oneAcceptAmongRejects().byRecipient().get("alice@example.test");

    assertThat(alice.policy()).isEqualTo(POLICY);
    assertThat(alice.domain()).isEqualTo("example.test");
  }

  @Test
  void tagAndTempfailIsTagWithTempfailQuarantined() {
    TransactionDecision decision =
        TransactionDecision.of(
            VERDICT,
            List.of(
                recipient("alice@example.test", Action.TEMPFAIL),
                recipient("bob@example.test", Action.TAG)));

    assertThat(decision.smtpAction()).isEqualTo(Action.TAG);
    assertThat(decision.actionsByRecipient())
        .containsExactly(
            Map.entry("alice@example.test", Action.QUARANTINE),
            Map.entry("bob@example.test", Action.TAG));
  }

  @Test
  void quarantineAmongRejectsIsQuarantine() {
    TransactionDecision decision =
        TransactionDecision.of(
            VERDICT,
            List.of(
                recipient("alice@example.test", Action.REJECT),
                recipient("bob@example.test", Action.QUARANTINE)));

    assertThat(decision.smtpAction()).isEqualTo(Action.QUARANTINE);
  }

  @Test
  void singleRecipientKeepsItsAction() {
    TransactionDecision decision =
        TransactionDecision.of(VERDICT, List.of(recipient("alice@example.test", Action.TAG)));

    assertThat(decision.smtpAction()).isEqualTo(Action.TAG);
  }

  @Test
  void noRecipientsIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TransactionDecision.of(VERDICT, List.of()))
        .withMessageContaining("at least one recipient");
  }

  @Test
  void keepsVerdict() {
    TransactionDecision decision =
        TransactionDecision.of(VERDICT, List.of(recipient("alice@example.test", Action.REJECT)));

    assertThat(decision.verdict()).isEqualTo(VERDICT);
  }

  private static TransactionDecision oneAcceptAmongRejects() {
    return TransactionDecision.of(
        VERDICT,
        List.of(
            recipient("alice@example.test", Action.REJECT),
            recipient("bob@example.test", Action.ACCEPT),
            recipient("carol@example.test", Action.TEMPFAIL)));
  }

  private static RecipientDecision recipient(String address, Action action) {
    return new RecipientDecision(
        address, address.substring(address.indexOf('@') + 1), POLICY, action);
  }
}
