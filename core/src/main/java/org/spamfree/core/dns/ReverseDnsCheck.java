package org.spamfree.core.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.spamfree.core.verdict.Symbol;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/**
 * Looks up the PTR names of a client address and confirms them forward: a PTR name is confirmed
 * when its A (IPv4 client) or AAAA (IPv6 client) records contain the client address. At most
 * {@value #MAX_PTR_NAMES} PTR names are checked, as a PTR set of many names is itself suspect and
 * each costs a lookup.
 */
public final class ReverseDnsCheck {

  static final int MAX_PTR_NAMES = 5;

  /**
   * The outcome of the reverse-DNS lookups.
   *
   * @param ptrNames the PTR names, lower-case without the final dot
   * @param confirmedName the first PTR name that resolves back to the client, if any
   * @param symbols the symbols for the verdict
   */
  public record Result(
      List<String> ptrNames, Optional<String> confirmedName, List<Symbol> symbols) {
    public Result {
      ptrNames = List.copyOf(ptrNames);
      symbols = List.copyOf(symbols);
    }
  }

  private final DnsResolver resolver;

  public ReverseDnsCheck(DnsResolver resolver) {
    this.resolver = resolver;
  }

  public CompletableFuture<Result> check(InetAddress address) {
    return resolver
        .lookup(ReverseMap.fromAddress(address).toString(), Type.PTR)
        .thenCompose(result -> confirm(address, result));
  }

  private CompletableFuture<Result> confirm(InetAddress address, DnsResult ptr) {
    String client = address.getHostAddress();
    if (ptr.isFailure()) {
      return done(
          List.of(),
          Optional.empty(),
          new Symbol(
              DnsSymbols.RDNS_FAIL, "PTR lookup for " + client + " failed: " + ptr.outcome()));
    }
    if (!(ptr instanceof DnsResult.Answer answer)) {
      return done(
          List.of(),
          Optional.empty(),
          new Symbol(DnsSymbols.RDNS_NONE, "no PTR record for " + client));
    }

    List<String> names = new ArrayList<>();
    for (Record record : answer.records()) {
      if (names.size() < MAX_PTR_NAMES) {
        names.add(hostName(((PTRRecord) record).getTarget().toString()));
      }
    }
    int type = address instanceof Inet4Address ? Type.A : Type.AAAA;
    List<CompletableFuture<DnsResult>> forward = new ArrayList<>();
    for (String name : names) {
      forward.add(resolver.lookup(name, type));
    }
    return CompletableFuture.allOf(forward.toArray(CompletableFuture[]::new))
        .thenApply(
            done ->
                interpret(address, names, forward.stream().map(CompletableFuture::join).toList()));
  }

  private static Result interpret(
      InetAddress address, List<String> names, List<DnsResult> forward) {
    String client = address.getHostAddress();
    Optional<String> confirmed = Optional.empty();
    boolean anyFailure = false;
    for (int index = 0; index < names.size() && confirmed.isEmpty(); index++) {
      DnsResult result = forward.get(index);
      anyFailure |= result.isFailure();
      if (result instanceof DnsResult.Answer answer && contains(answer, address)) {
        confirmed = Optional.of(names.get(index));
      }
    }

    List<Symbol> symbols = new ArrayList<>();
    if (confirmed.isEmpty()) {
      symbols.add(
          anyFailure
              ? new Symbol(DnsSymbols.RDNS_FAIL, "forward lookup of " + names + " failed")
              : new Symbol(
                  DnsSymbols.RDNS_NOT_CONFIRMED,
                  "PTR names " + names + " of " + client + " do not resolve back to it"));
    }
    String shownName = confirmed.orElse(names.get(0));
    if (DynamicNames.isDynamic(shownName, address)) {
      symbols.add(new Symbol(DnsSymbols.RDNS_DYNAMIC, "PTR name " + shownName + " looks dynamic"));
    }
    return new Result(names, confirmed, symbols);
  }

  private static boolean contains(DnsResult.Answer answer, InetAddress address) {
    for (Record record : answer.records()) {
      InetAddress resolved =
          record instanceof ARecord a
              ? a.getAddress()
              : record instanceof AAAARecord aaaa ? aaaa.getAddress() : null;
      if (address.equals(resolved)) {
        return true;
      }
    }
    return false;
  }

  private static CompletableFuture<Result> done(
      List<String> names, Optional<String> confirmed, Symbol symbol) {
    return CompletableFuture.completedFuture(new Result(names, confirmed, List.of(symbol)));
  }

  static String hostName(String absolute) {
    String lower = absolute.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
