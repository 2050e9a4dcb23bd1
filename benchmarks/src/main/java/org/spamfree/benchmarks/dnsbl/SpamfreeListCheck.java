package org.spamfree.benchmarks.dnsbl;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.spamfree.core.config.HostPort;
import org.spamfree.core.dns.DnsResolver;
import org.spamfree.core.dnsbl.DnsblChecker;
import org.spamfree.core.dnsbl.DnsblZone;
import org.spamfree.core.dnsbl.ListingReasons;
import org.spamfree.core.verdict.Symbol;

/**
 * Spamfree's DNS list check, {@link DnsblChecker#symbolsForAddress}, as the SMTP connect handler
 * calls it: every zone is queried in parallel, and each listing starts a TXT query for its reason
 * in the background. The check ends when the symbols are ready, as the connect handler's does; with
 * {@code awaitReasons} it ends when the TXT reasons are ready too, which a reject text waits for.
 * The resolver has one server and a cache size of 0, so every check sends its queries.
 */
final class SpamfreeListCheck implements DnsListCheck {

  /** Spamfree's defaults for {@code dns.timeout} and {@code dnsbl.deadline}. */
  static final Duration QUERY_TIMEOUT = Duration.ofMillis(DnsResolver.DEFAULT_QUERY_TIMEOUT_MILLIS);

  static final Duration DEADLINE = Duration.ofMillis(5000);

  /** Extra wait past the deadline, after which the check counts as hung. */
  private static final Duration RESULT_GRACE = Duration.ofSeconds(1);

  private final List<String> zones;
  private final DnsResolver resolver;
  private final DnsblChecker checker;
  private final boolean awaitReasons;
  private ListingReasons reasons = new ListingReasons();
  private List<Symbol> lastSymbols = List.of();
  private InetAddress lastAddress;
  private boolean lastExpectListed;

  SpamfreeListCheck(InetSocketAddress server, List<String> zones, boolean awaitReasons) {
    this.zones = List.copyOf(zones);
    this.awaitReasons = awaitReasons;
    HostPort hostPort =
        HostPort.parse(server.getAddress().getHostAddress() + ":" + server.getPort());
    this.resolver = new DnsResolver(List.of(hostPort), QUERY_TIMEOUT, 0, Clock.systemUTC());
    List<DnsblZone> configured = new ArrayList<>();
    for (String zone : zones) {
      configured.add(zone(zone));
    }
    this.checker = new DnsblChecker(resolver, configured, Clock.systemUTC());
  }

  @Override
  public String name() {
    return awaitReasons ? "spamfree, TXT reasons awaited" : "spamfree";
  }

  @Override
  public boolean check(InetAddress address, boolean expectListed) throws Exception {
    lastSymbols = symbols(address);
    lastAddress = address;
    lastExpectListed = expectListed;
    if (!expectListed) {
      return lastSymbols.isEmpty();
    }
    if (lastSymbols.size() != zones.size()) {
      return false;
    }
    return !awaitReasons || reasonsExpected();
  }

  @Override
  public boolean confirm() {
    return awaitReasons || !lastExpectListed || reasonsExpected();
  }

  /** Waits for the TXT reason of every listing of the last check and compares it. */
  private boolean reasonsExpected() {
    Map<String, Optional<String>> byZone = new HashMap<>();
    for (Symbol symbol : lastSymbols) {
      byZone.put(symbol.name(), reasons.reasonOf(symbol, DEADLINE));
    }
    for (String zone : zones) {
      Optional<String> reason = byZone.getOrDefault(listedSymbol(zone), Optional.empty());
      if (!reason.equals(Optional.of(BenchmarkZones.reason(zone, lastAddress)))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<String> zonesListing(InetAddress address) throws Exception {
    List<String> listing = new ArrayList<>();
    List<Symbol> symbols = symbols(address);
    for (String zone : zones) {
      if (symbols.stream().anyMatch(symbol -> symbol.name().equals(listedSymbol(zone)))) {
        listing.add(zone);
      }
    }
    return listing;
  }

  private List<Symbol> symbols(InetAddress address) throws Exception {
    reasons = new ListingReasons();
    return checker
        .symbolsForAddress(address, DEADLINE, reasons)
        .get(DEADLINE.plus(RESULT_GRACE).toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs Spamfree's RFC 5782 §5 self-test on every zone and returns the zones that failed it. */
  List<String> selfTestFailures() throws Exception {
    return checker.selfTest().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Returns an IPv4 list zone, so the self-test checks 127.0.0.2 and 127.0.0.1 only. */
  private static DnsblZone zone(String zone) {
    return new DnsblZone(
        id(zone),
        zone,
        DnsblZone.Kind.IP,
        false,
        Map.of(codeAddress(), listedSymbol(zone)),
        Optional.empty(),
        failureSymbol(zone),
        DnsblZone.Family.IPV4);
  }

  private static String id(String zone) {
    return zone.substring(0, zone.indexOf('.'));
  }

  private static String listedSymbol(String zone) {
    return "RBL_" + id(zone).toUpperCase(java.util.Locale.ROOT);
  }

  private static String failureSymbol(String zone) {
    return listedSymbol(zone) + "_FAIL";
  }

  private static InetAddress codeAddress() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("Four bytes always form an IPv4 address", e);
    }
  }
}
