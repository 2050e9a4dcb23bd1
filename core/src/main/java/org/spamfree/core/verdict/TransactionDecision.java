package org.spamfree.core.verdict;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The outcome of one SMTP transaction: the verdict, one decision per recipient, and the reply for
 * the end of DATA.
 *
 * <p>SMTP has one reply for the whole DATA command, so the reply follows the mildest recipient
 * action: the message is refused only when no recipient's policy accepts it. When it is accepted,
 * recipients whose own policy would have refused it are quarantined instead, so nothing
 * acknowledged with 250 is lost and no policy is made weaker than QUARANTINE.
 */
public record TransactionDecision(
    Verdict verdict, List<RecipientDecision> recipients, Action smtpAction) {

  public TransactionDecision {
    recipients = List.copyOf(recipients);
  }

  public static TransactionDecision of(Verdict verdict, List<RecipientDecision> decisions) {
    if (decisions.isEmpty()) {
      throw new IllegalArgumentException("A transaction needs at least one recipient");
    }
    Action mildest = Action.REJECT;
    for (RecipientDecision decision : decisions) {
      mildest = Action.mildest(mildest, decision.action());
    }
    if (mildest.isAcceptedAtSmtp()) {
      List<RecipientDecision> delivered =
          decisions.stream().map(TransactionDecision::quarantineIfRefused).toList();
      return new TransactionDecision(verdict, delivered, mildest);
    }
    return new TransactionDecision(verdict, decisions, mildest);
  }

  /** Returns each recipient's action keyed by the recipient address. */
  public Map<String, Action> actionsByRecipient() {
    return recipients.stream()
        .collect(
            Collectors.toMap(
                RecipientDecision::recipient,
                RecipientDecision::action,
                (first, second) -> first,
                java.util.LinkedHashMap::new));
  }

  public Map<String, RecipientDecision> byRecipient() {
    return recipients.stream()
        .collect(
            Collectors.toMap(
                RecipientDecision::recipient,
                Function.identity(),
                (first, second) -> first,
                java.util.LinkedHashMap::new));
  }

  private static RecipientDecision quarantineIfRefused(RecipientDecision decision) {
    if (decision.action().isAcceptedAtSmtp()) {
      return decision;
    }
    return new RecipientDecision(
        decision.recipient(), decision.domain(), decision.policy(), Action.QUARANTINE);
  }
}
