package org.spamfree.hooks;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.config.CidrRange;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.dns.DnsSymbols;
import org.spamfree.core.dns.ReverseDnsCheck;
import org.spamfree.core.dnsbl.DnsblChecker;
import org.spamfree.core.dnsbl.ListingReasons;
import org.spamfree.core.verdict.DefaultScores;
import org.spamfree.core.verdict.Symbol;

/**
 * Starts the DNS checks of the client address when it connects, so they run while the client sends
 * HELO, MAIL and RCPT: the DNS lists (all zones in parallel, waited for until {@code
 * dnsbl.deadline}) and the reverse-DNS check (until {@code dns.deadline}). The verdict at the end
 * of DATA collects their symbols. Clients in {@code allowlist.networks} get {@code LOCAL_ALLOWLIST}
 * instead, and clients that may relay are not checked.
 *
 * <p>It never replies itself. With James's JMX statistics on, a connect handler that returns no
 * response makes James reply 451, so the handler chain needs {@code enableJmx="false"}.
 */
public class ConnectDnsChecks implements ConnectHandler<SMTPSession> {

  private static final Logger LOGGER = LoggerFactory.getLogger(ConnectDnsChecks.class);

  private final SpamfreeSettings settings;
  private final DnsblChecker lists;
  private final ReverseDnsCheck reverseDns;

  @Inject
  public ConnectDnsChecks(
      SpamfreeSettings settings, DnsblChecker lists, ReverseDnsCheck reverseDns) {
    this.settings = settings;
    this.lists = lists;
    this.reverseDns = reverseDns;
  }

  @Override
  public Response onConnect(SMTPSession session) {
    if (session.isRelayingAllowed()) {
      return null;
    }
    InetAddress remote = session.getRemoteAddress().getAddress();
    for (CidrRange network : settings.allowlistNetworks()) {
      if (network.contains(remote)) {
        SessionSymbols.replaceConnectionSymbols(
            session,
            "allowlist",
            List.of(
                new Symbol(
                    DefaultScores.LOCAL_ALLOWLIST, "client in allowlist network " + network)));
        LOGGER.debug("Client {} is in allowlist network {}; DNS checks skipped", remote, network);
        return null;
      }
    }

    if (!settings.dnsLists().isEmpty()) {
      SessionSymbols.setPending(
          session,
          "dnsbl",
          lists.symbolsForAddress(
              remote, settings.dnsListDeadline(), SessionSymbols.listingReasons(session)));
    }
    if (settings.reverseDnsEnabled()) {
      long deadline = settings.dnsDeadline().toMillis();
      CompletableFuture<ReverseDnsCheck.Result> result =
          reverseDns
              .check(remote)
              .completeOnTimeout(
                  new ReverseDnsCheck.Result(
                      List.of(),
                      java.util.Optional.empty(),
                      List.of(
                          new Symbol(
                              DnsSymbols.RDNS_FAIL,
                              "reverse DNS of "
                                  + remote.getHostAddress()
                                  + " not answered within "
                                  + deadline
                                  + " ms"))),
                  deadline,
                  TimeUnit.MILLISECONDS);
      SessionSymbols.setReverseDns(session, result);
      SessionSymbols.setPending(session, "rdns", result.thenApply(ReverseDnsCheck.Result::symbols));
      if (lists.hasDomainZones()) {
        ListingReasons reasons = SessionSymbols.listingReasons(session);
        SessionSymbols.setPending(
            session, "rdns-dnsbl", result.thenCompose(found -> listPtrName(found, reasons)));
      }
    }
    return null;
  }

  /** Checks the confirmed PTR name, or else the first one, against the domain lists. */
  private CompletableFuture<List<Symbol>> listPtrName(
      ReverseDnsCheck.Result result, ListingReasons reasons) {
    return result
        .confirmedName()
        .or(() -> result.ptrNames().stream().findFirst())
        .map(name -> lists.symbolsForDomain(name, settings.dnsListDeadline(), reasons))
        .orElse(CompletableFuture.completedFuture(List.of()));
  }
}
