package org.spamfree.hooks;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.dns.DnsSymbols;
import org.spamfree.core.dns.HeloDnsCheck;
import org.spamfree.core.dns.ReverseDnsCheck;
import org.spamfree.core.dnsbl.DnsblChecker;
import org.spamfree.core.helo.HeloAnalyzer;
import org.spamfree.core.verdict.Symbol;

/**
 * Runs the static HELO/EHLO heuristics at the HELO or EHLO command. For a HELO domain name it also
 * starts the DNS lookups: its address records, its match with the PTR name and the domain lists.
 * Their symbols wait for the verdict at the end of DATA. It never refuses the command: RFC 5321
 * §4.1.4 forbids refusing mail because the HELO argument does not match the client, so HELO
 * evidence only adds to the score.
 *
 * <p>It also replaces the HELO value that James later writes into the {@code Received} header with
 * {@link HeloAnalyzer#neutraliseForHeader}, so a crafted argument cannot close the header's comment
 * or add text to it.
 */
public class HeloCheckHook implements HeloHook {

  private static final Logger LOGGER = LoggerFactory.getLogger(HeloCheckHook.class);
  private static final String CHECK = "helo";

  private static final String DNS_CHECK = "helo-dns";
  private static final String LIST_CHECK = "helo-dnsbl";

  private final HeloAnalyzer analyzer;
  private final HeloDnsCheck dnsCheck;
  private final SpamfreeSettings settings;
  private final DnsblChecker lists;

  @Inject
  public HeloCheckHook(
      HeloAnalyzer analyzer, HeloDnsCheck dnsCheck, SpamfreeSettings settings, DnsblChecker lists) {
    this.analyzer = analyzer;
    this.dnsCheck = dnsCheck;
    this.settings = settings;
    this.lists = lists;
  }

  /**
   * Looks up the HELO name and compares it with the connection's confirmed PTR name, waited for
   * until {@code dns.deadline}.
   */
  private void startDnsCheck(SMTPSession session, String helo) {
    CompletableFuture<ReverseDnsCheck.Result> reverseDns =
        SessionSymbols.reverseDns(session)
            .orElse(
                CompletableFuture.completedFuture(
                    new ReverseDnsCheck.Result(List.of(), Optional.empty(), List.of())));
    long deadline = settings.dnsDeadline().toMillis();
    SessionSymbols.setPending(
        session,
        DNS_CHECK,
        dnsCheck
            .check(helo, reverseDns)
            .completeOnTimeout(
                List.of(
                    new Symbol(
                        DnsSymbols.HELO_DNS_FAIL,
                        "lookup of HELO not answered within " + deadline + " ms")),
                deadline,
                TimeUnit.MILLISECONDS));
  }

  @Override
  public HookResult doHelo(SMTPSession session, String helo) {
    session.setAttachment(
        SMTPSession.CURRENT_HELO_NAME, HeloAnalyzer.neutraliseForHeader(helo), State.Connection);
    if (Clients.isRelayClient(session)) {
      SessionSymbols.replaceConnectionSymbols(session, CHECK, List.of());
      return HookResult.DECLINED;
    }

    List<Symbol> symbols = analyzer.analyze(helo, session.getRemoteAddress().getAddress());
    SessionSymbols.replaceConnectionSymbols(session, CHECK, symbols);
    boolean domain = HeloAnalyzer.isDomainSyntax(helo);
    if (settings.heloDnsEnabled() && domain) {
      startDnsCheck(session, helo);
    } else {
      SessionSymbols.setPending(session, DNS_CHECK, CompletableFuture.completedFuture(List.of()));
    }
    SessionSymbols.setPending(
        session,
        LIST_CHECK,
        domain && lists.hasDomainZones()
            ? lists.symbolsForDomain(
                helo, settings.dnsListDeadline(), SessionSymbols.listingReasons(session))
            : CompletableFuture.completedFuture(List.of()));
    LOGGER.debug(
        "HELO check remote={} helo={} symbols={}",
        Clients.remoteAddress(session),
        HeloAnalyzer.neutraliseForHeader(helo),
        symbols.stream().map(Symbol::name).toList());
    return HookResult.DECLINED;
  }
}
