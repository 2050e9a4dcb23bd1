package org.spamfree.hooks;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.config.CidrRange;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.geo.GeoResult;
import org.spamfree.core.store.BlocklistEntry;
import org.spamfree.core.store.BurstCounter;
import org.spamfree.core.store.ReputationService;
import org.spamfree.core.store.StatisticsMetrics;
import org.spamfree.core.store.StoreResult;
import org.spamfree.core.store.StoreSettings.BlocklistAction;
import org.spamfree.core.verdict.Symbol;

/**
 * Counts each connection in the store's statistics, checks the client for a connection burst and
 * starts its local blocklist lookup, at CONNECT. The lookup's symbol joins the verdict; with {@code
 * blocklist.action = connect} a listed client gets 554 5.7.1 and the connection is closed. RFC 5321
 * §3.1 allows 554 in place of the greeting, but James writes its 220 greeting before the connect
 * handlers run, so the 554 follows it. With {@code burst.tempfail = true} a client in a burst gets
 * 421 4.7.0 and the connection is closed (RFC 5321 §3.8), else the {@code CONNECTION_BURST} symbol.
 *
 * <p>Clients that may relay and clients in {@code allowlist.networks} are not checked; relay
 * clients are not counted either. It returns no reply for an accepted client, so the handler chain
 * needs {@code enableJmx="false"}.
 */
public class StoreConnectHandler implements ConnectHandler<SMTPSession> {

  private static final Logger LOGGER = LoggerFactory.getLogger(StoreConnectHandler.class);

  private final SpamfreeSettings settings;
  private final ReputationService store;
  private final BurstCounter bursts;

  @Inject
  public StoreConnectHandler(
      SpamfreeSettings settings, ReputationService store, BurstCounter bursts) {
    this.settings = settings;
    this.store = store;
    this.bursts = bursts;
  }

  @Override
  public Response onConnect(SMTPSession session) {
    if (session.isRelayingAllowed()) {
      return null;
    }
    String address = StoreSession.address(session);
    store.recordConnection(address);
    // GeoConnectHandler runs before this handler, so the lookup is in the session when geo
    // tagging is on.
    GeoSession.of(session)
        .flatMap(StoreConnectHandler::countryDimension)
        .ifPresent(country -> store.count(StatisticsMetrics.COUNTRY, country));
    if (allowlisted(session.getRemoteAddress().getAddress())) {
      return null;
    }

    Optional<Symbol> burst = bursts.connect(address);
    if (burst.isPresent()) {
      if (settings.store().burstTempfail()) {
        store.count(StatisticsMetrics.VERDICT, "TEMPFAIL");
        LOGGER.info(
            "spamfree decision=TEMPFAIL stage=connect reason=connection_burst remote={}", address);
        return endSession("421", "4.7.0 Too many connections from your address, try again later");
      }
      SessionSymbols.replaceConnectionSymbols(session, "burst", List.of(burst.get()));
    }

    CompletableFuture<StoreResult<Optional<BlocklistEntry>>> lookup = store.blocklistEntry(address);
    StoreSession.setBlocklistLookup(session, lookup);
    SessionSymbols.setPending(
        session, "blocklist", lookup.thenApply(StoreSession::blocklistSymbols));
    if (settings.store().blocklistAction() == BlocklistAction.CONNECT) {
      Optional<BlocklistEntry> entry = awaitListing(lookup, settings);
      if (entry.isPresent()) {
        store.count(StatisticsMetrics.VERDICT, "REJECT");
        LOGGER.info(
            "spamfree decision=REJECT stage=connect reason=local_blocklist remote={} until={}",
            address,
            entry.get().expiresAt());
        return endSession(
            "554", "5.7.1 Your address " + address + " is on the local blocklist, go away");
      }
    }
    return null;
  }

  /** Returns the country code of a lookup, else the reason it has none. */
  private static Optional<String> countryDimension(GeoResult result) {
    return result.countryCode().or(result::noCountryReason);
  }

  /**
   * Waits for a blocklist lookup, which the store completes within {@code store.timeout}; a failed
   * lookup counts as not listed, so a database outage never refuses mail.
   */
  static Optional<BlocklistEntry> awaitListing(
      CompletableFuture<StoreResult<Optional<BlocklistEntry>>> lookup, SpamfreeSettings settings) {
    try {
      return lookup
          .get(settings.store().timeout().toMillis() + 100, TimeUnit.MILLISECONDS)
          .value()
          .flatMap(entry -> entry);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return Optional.empty();
    }
  }

  private boolean allowlisted(InetAddress remote) {
    for (CidrRange network : settings.allowlistNetworks()) {
      if (network.contains(remote)) {
        return true;
      }
    }
    return false;
  }

  private static Response endSession(String code, String description) {
    SMTPResponse response = new SMTPResponse(code, description);
    response.setEndSession(true);
    return response;
  }
}
