package org.spamfree.core.verdict;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.spamfree.core.config.ProtectedDomain;
import org.spamfree.core.config.SpamfreeSettings;

/**
 * Turns the symbols of one transaction into a {@link TransactionDecision}: the profiler scores them
 * once, then each recipient's protected domain policy picks that recipient's action. Recipients
 * outside the protected domains use the {@code default} policy.
 */
public final class PolicyResolver {

  private final Profiler profiler;
  private final SpamfreeSettings settings;

  public PolicyResolver(Profiler profiler, SpamfreeSettings settings) {
    this.profiler = profiler;
    this.settings = settings;
  }

  /**
   * Decides the transaction.
   *
   * @param symbols every symbol of the connection and the transaction
   * @param recipients recipient addresses as {@code local@domain}
   */
  public TransactionDecision decide(Collection<Symbol> symbols, List<String> recipients) {
    Verdict verdict = profiler.profile(symbols);
    List<RecipientDecision> decisions = new ArrayList<>(recipients.size());
    for (String recipient : recipients) {
      String domain = recipient.substring(recipient.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
      Policy policy =
          settings
              .protectedDomain(domain)
              .map(ProtectedDomain::policy)
              .orElse(settings.defaultPolicy());
      decisions.add(
          new RecipientDecision(recipient, domain, policy, policy.actionFor(verdict.score())));
    }
    return TransactionDecision.of(verdict, decisions);
  }
}
