package org.spamfree.hooks;

import java.util.Optional;
import javax.inject.Inject;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.geo.GeoSettings;

/**
 * Applies the country rule of the recipient's protected domain at RCPT TO: a client outside the
 * domain's {@code domain.NAME.geo.allow} list, or in its {@code domain.NAME.geo.reject} list, gets
 * 550 5.7.1 naming the country. Deciding per recipient lets one transaction carry recipients of
 * domains with different rules. Rejecting before DATA spares the message transfer and never bounces
 * to a forged sender.
 *
 * <p>Clients whose country is unknown, relay clients and clients in {@code allowlist.networks} are
 * not checked. Put it after {@code ProtectedRecipientHook}, so unknown recipients and domains get
 * their own reply first.
 */
public class GeoRecipientHook implements RcptHook {

  private static final Logger LOGGER = LoggerFactory.getLogger(GeoRecipientHook.class);

  private final SpamfreeSettings settings;

  @Inject
  public GeoRecipientHook(SpamfreeSettings settings) {
    this.settings = settings;
  }

  @Override
  public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
    Optional<GeoSettings.CountryRule> rule = settings.geo().ruleFor(rcpt.getDomain().asString());
    if (rule.isEmpty() || Clients.isRelayClient(session)) {
      return HookResult.DECLINED;
    }
    if (GeoConnectHandler.isAllowlisted(settings, session.getRemoteAddress().getAddress())) {
      return HookResult.DECLINED;
    }
    Optional<String> country = GeoSession.of(session).flatMap(result -> result.countryCode());
    if (country.isEmpty() || rule.get().accepts(country.get())) {
      return HookResult.DECLINED;
    }

    LOGGER.info(
        "spamfree decision=REJECT stage=rcpt reason=country country={} remote={} rcpt={}",
        country.get(),
        Clients.remoteAddress(session),
        LogValues.safe(rcpt.asString()));
    return HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("550")
        .smtpDescription(
            "5.7.1 Mail for "
                + rcpt.getDomain().asString()
                + " is not accepted from clients in country "
                + country.get())
        .build();
  }
}
