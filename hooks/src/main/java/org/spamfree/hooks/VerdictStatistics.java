package org.spamfree.hooks;

import java.util.Locale;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.store.ReputationService;
import org.spamfree.core.store.StatisticsMetrics;
import org.spamfree.core.verdict.RecipientDecision;
import org.spamfree.core.verdict.TransactionDecision;

/** Counts a message's decision in the daily statistics: its action, symbols and recipients. */
final class VerdictStatistics {

  private VerdictStatistics() {}

  static void record(
      ReputationService store, SpamfreeSettings settings, TransactionDecision decision) {
    store.count(StatisticsMetrics.VERDICT, decision.smtpAction().name());
    decision.verdict().symbolNames().forEach(name -> store.count(StatisticsMetrics.SYMBOL, name));
    for (RecipientDecision recipient : decision.recipients()) {
      String domain = recipient.recipient().substring(recipient.recipient().lastIndexOf('@') + 1);
      settings
          .protectedDomain(domain.toLowerCase(Locale.ROOT))
          .ifPresent(
              protectedDomain ->
                  store.count(StatisticsMetrics.RECIPIENT_DOMAIN, protectedDomain.name()));
    }
  }
}
