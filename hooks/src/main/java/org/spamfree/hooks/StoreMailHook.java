package org.spamfree.hooks;

import java.util.Optional;
import javax.inject.Inject;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.helo.HeloAnalyzer;
import org.spamfree.core.store.BlocklistEntry;
import org.spamfree.core.store.HeloSenderCheck;
import org.spamfree.core.store.ReputationService;
import org.spamfree.core.store.StatisticsMetrics;
import org.spamfree.core.store.StoreSettings.BlocklistAction;

/**
 * At MAIL FROM: compares the registrable domains of the HELO name and the envelope sender ({@code
 * SENDER_HELO_MISMATCH}), and with {@code blocklist.action = mail} refuses a client on the local
 * blocklist with 550 5.7.1. The null sender and clients that may relay are not checked.
 */
public class StoreMailHook implements MailHook {

  private static final Logger LOGGER = LoggerFactory.getLogger(StoreMailHook.class);

  private final SpamfreeSettings settings;
  private final ReputationService store;

  @Inject
  public StoreMailHook(SpamfreeSettings settings, ReputationService store) {
    this.settings = settings;
    this.store = store;
  }

  @Override
  public HookResult doMail(SMTPSession session, MaybeSender sender) {
    if (Clients.isRelayClient(session)) {
      return HookResult.DECLINED;
    }
    if (settings.store().blocklistAction() == BlocklistAction.MAIL) {
      Optional<BlocklistEntry> entry =
          StoreSession.blocklistLookup(session)
              .flatMap(lookup -> StoreConnectHandler.awaitListing(lookup, settings));
      if (entry.isPresent()) {
        String address = StoreSession.address(session);
        store.count(StatisticsMetrics.VERDICT, "REJECT");
        LOGGER.info(
            "spamfree decision=REJECT stage=mail reason=local_blocklist remote={} sender={}"
                + " until={}",
            address,
            LogValues.safe(sender.asString()),
            entry.get().expiresAt());
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode("550")
            .smtpDescription(
                "5.7.1 Your address " + address + " is on the local blocklist, mail refused")
            .build();
      }
    }

    if (settings.store().heloSenderEnabled() && !sender.isNullSender()) {
      Optional<String> helo =
          session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection);
      if (helo.isPresent() && HeloAnalyzer.isDomainSyntax(helo.get())) {
        HeloSenderCheck.symbols(helo.get(), sender.get().getDomain().asString())
            .forEach(symbol -> SessionSymbols.addTransactionSymbol(session, symbol));
      }
    }
    return HookResult.DECLINED;
  }
}
