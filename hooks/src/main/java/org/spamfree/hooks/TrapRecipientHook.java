package org.spamfree.hooks;

import java.time.Instant;
import javax.inject.Inject;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.store.BlocklistEntry;
import org.spamfree.core.store.ReputationService;
import org.spamfree.core.store.StatisticsMetrics;
import org.spamfree.core.store.StoreSymbols;
import org.spamfree.core.verdict.Symbol;

/**
 * Accepts a spam trap recipient ({@code trap.domains}, {@code trap.addresses}) at RCPT TO, so the
 * trap mail can be kept for analysis, and puts the client's address on the local blocklist for
 * {@code trap.listing.hours}, shared by every node of the store. The transaction gets {@code
 * SPAM_TRAP}. A trap of a domain that is not protected is accepted too, before the relay check:
 * retired domains still point their MX here. The matcher {@code RecipientIsTrap} then sends the
 * trap recipients' copy to its own repository, so no user receives it.
 *
 * <p>Runs before {@link ProtectedRecipientHook}. Clients that may relay are not checked.
 */
public class TrapRecipientHook implements RcptHook {

  private static final Logger LOGGER = LoggerFactory.getLogger(TrapRecipientHook.class);
  private static final AttachmentKey<Boolean> TRAP_SCORED =
      AttachmentKey.of("org.spamfree.trapScored", Boolean.class);

  private final SpamfreeSettings settings;
  private final ReputationService store;

  @Inject
  public TrapRecipientHook(SpamfreeSettings settings, ReputationService store) {
    this.settings = settings;
    this.store = store;
  }

  @Override
  public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
    if (Clients.isRelayClient(session) || !settings.store().isTrap(rcpt.asString())) {
      return HookResult.DECLINED;
    }
    String address = StoreSession.address(session);
    Instant now = store.clock().instant();
    Instant until = now.plus(settings.store().trapListing());
    store.addToBlocklist(
        new BlocklistEntry(address, "spam trap " + rcpt.asString(), now, until), true);
    store.count(StatisticsMetrics.TRAP, rcpt.asString());
    if (session.getAttachment(TRAP_SCORED, State.Transaction).isEmpty()) {
      session.setAttachment(TRAP_SCORED, Boolean.TRUE, State.Transaction);
      SessionSymbols.addTransactionSymbol(
          session,
          new Symbol(StoreSymbols.SPAM_TRAP, "recipient " + rcpt.asString() + " is a spam trap"));
    }
    LOGGER.info(
        "spamfree trap=hit stage=rcpt remote={} sender={} rcpt={} listedUntil={}",
        address,
        LogValues.safe(sender.asString()),
        LogValues.safe(rcpt.asString()),
        until);
    return HookResult.builder()
        .hookReturnCode(HookReturnCode.ok())
        .smtpReturnCode("250")
        .smtpDescription("2.1.5 Recipient <" + rcpt.asString() + "> OK")
        .build();
  }
}
