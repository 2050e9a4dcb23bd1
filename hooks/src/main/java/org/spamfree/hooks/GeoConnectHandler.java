package org.spamfree.hooks;

import java.net.InetAddress;
import java.util.List;
import javax.inject.Inject;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.config.CidrRange;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.geo.GeoLocator;
import org.spamfree.core.geo.GeoResult;
import org.spamfree.core.geo.GeoSymbols;
import org.spamfree.core.verdict.Symbol;

/**
 * Looks up the client's country and autonomous system once per connection, at CONNECT, and keeps
 * the result in {@link GeoSession} for the RCPT country rules, the mail attributes and statistics.
 * A client from a country with a {@code geo.country.XX.score} key gets the symbol {@code GEO_XX};
 * relay clients and clients in {@code allowlist.networks} are looked up but get no symbol.
 *
 * <p>The lookup reads an in-memory database and takes microseconds, so it runs on the SMTP thread.
 * Like {@code ConnectDnsChecks} it never replies, so the handler chain needs {@code
 * enableJmx="false"}.
 */
public class GeoConnectHandler implements ConnectHandler<SMTPSession> {

  private static final Logger LOGGER = LoggerFactory.getLogger(GeoConnectHandler.class);
  private static final String CHECK = "geo";

  private final SpamfreeSettings settings;
  private final GeoLocator locator;

  @Inject
  public GeoConnectHandler(SpamfreeSettings settings, GeoLocator locator) {
    this.settings = settings;
    this.locator = locator;
  }

  @Override
  public Response onConnect(SMTPSession session) {
    if (!locator.enabled()) {
      return null;
    }
    InetAddress remote = session.getRemoteAddress().getAddress();
    GeoResult result = locator.locate(remote);
    GeoSession.set(session, result);
    if (LOGGER.isDebugEnabled()) {
      LOGGER.debug("Geo lookup remote={} {}", result.address().getHostAddress(), result.describe());
    }

    if (session.isRelayingAllowed() || GeoConnectHandler.isAllowlisted(settings, remote)) {
      return null;
    }
    result
        .countryCode()
        .filter(settings.geo().countryScores()::containsKey)
        .ifPresent(
            code ->
                SessionSymbols.replaceConnectionSymbols(
                    session,
                    CHECK,
                    List.of(
                        new Symbol(
                            GeoSymbols.countrySymbol(code),
                            "client "
                                + result.address().getHostAddress()
                                + " is in country "
                                + code
                                + " (network "
                                + result.country().get().network()
                                + ")"))));
    return null;
  }

  /** Returns whether the client is in {@code allowlist.networks}, which skips the country rules. */
  static boolean isAllowlisted(SpamfreeSettings settings, InetAddress remote) {
    for (CidrRange network : settings.allowlistNetworks()) {
      if (network.contains(remote)) {
        return true;
      }
    }
    return false;
  }
}
