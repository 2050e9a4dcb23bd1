package org.spamfree.core.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.spamfree.core.verdict.Symbol;
import org.xbill.DNS.Type;

/**
 * Looks up the HELO name: whether it has an A or AAAA record, and whether it equals the client's
 * forward-confirmed PTR name. Only for HELO arguments that are domain names; address literals have
 * their own static checks.
 */
public final class HeloDnsCheck {

  private final DnsResolver resolver;

  public HeloDnsCheck(DnsResolver resolver) {
    this.resolver = resolver;
  }

  /**
   * Checks the HELO name against DNS and the reverse-DNS result of the connection.
   *
   * @param heloName a syntactically valid domain name
   * @param reverseDns the connection's reverse-DNS lookups, possibly still running
   */
  public CompletableFuture<List<Symbol>> check(
      String heloName, CompletableFuture<ReverseDnsCheck.Result> reverseDns) {
    String name = ReverseDnsCheck.hostName(heloName);
    CompletableFuture<DnsResult> ipv4 = resolver.lookup(name, Type.A);
    CompletableFuture<DnsResult> ipv6 = resolver.lookup(name, Type.AAAA);
    return CompletableFuture.allOf(ipv4, ipv6, reverseDns)
        .thenApply(done -> symbols(name, ipv4.join(), ipv6.join(), reverseDns.join()));
  }

  private static List<Symbol> symbols(
      String name, DnsResult ipv4, DnsResult ipv6, ReverseDnsCheck.Result reverseDns) {
    List<Symbol> symbols = new ArrayList<>();
    boolean resolves = ipv4 instanceof DnsResult.Answer || ipv6 instanceof DnsResult.Answer;
    if (!resolves) {
      if (ipv4.isFailure() || ipv6.isFailure()) {
        symbols.add(
            new Symbol(
                DnsSymbols.HELO_DNS_FAIL,
                "lookup of HELO "
                    + name
                    + " failed: A "
                    + ipv4.outcome()
                    + ", AAAA "
                    + ipv6.outcome()));
      } else {
        symbols.add(
            new Symbol(DnsSymbols.HELO_NOT_RESOLVING, "HELO " + name + " has no A or AAAA record"));
      }
    }
    reverseDns
        .confirmedName()
        .filter(confirmed -> !confirmed.equals(name.toLowerCase(Locale.ROOT)))
        .ifPresent(
            confirmed ->
                symbols.add(
                    new Symbol(
                        DnsSymbols.HELO_RDNS_MISMATCH,
                        "HELO " + name + " differs from the confirmed PTR name " + confirmed)));
    return symbols;
  }
}
