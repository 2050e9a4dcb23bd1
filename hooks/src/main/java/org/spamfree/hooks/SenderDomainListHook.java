package org.spamfree.hooks;

import javax.inject.Inject;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.dnsbl.DnsblChecker;

/**
 * Starts the domain-list lookups of the envelope sender's domain at MAIL FROM; the verdict at the
 * end of DATA waits for them until {@code dnsbl.deadline}. The null sender has no domain to check,
 * and clients that may relay are not checked.
 */
public class SenderDomainListHook implements MailHook {

  private final SpamfreeSettings settings;
  private final DnsblChecker lists;

  @Inject
  public SenderDomainListHook(SpamfreeSettings settings, DnsblChecker lists) {
    this.settings = settings;
    this.lists = lists;
  }

  @Override
  public HookResult doMail(SMTPSession session, MaybeSender sender) {
    if (Clients.isRelayClient(session) || sender.isNullSender() || !lists.hasDomainZones()) {
      return HookResult.DECLINED;
    }
    String domain = sender.get().getDomain().asString();
    SessionSymbols.addTransactionPending(
        session,
        lists.symbolsForDomain(
            domain, settings.dnsListDeadline(), SessionSymbols.listingReasons(session)));
    return HookResult.DECLINED;
  }
}
