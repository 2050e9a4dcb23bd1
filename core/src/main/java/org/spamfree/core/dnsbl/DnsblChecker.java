package org.spamfree.core.dnsbl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.dns.DnsResolver;
import org.spamfree.core.dns.DnsResult;
import org.spamfree.core.verdict.Symbol;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Queries every configured DNS list zone in parallel and reads each answer with the zone's
 * return-code filter. The returned future completes when the slowest zone has answered or timed
 * out, so the added latency is that of the slowest zone, not the sum.
 *
 * <p>Answers that are not listings are never counted as listings: an address outside 127.0.0.0/8,
 * or the list error codes 127.255.255.252 to 127.255.255.255 (Spamhaus's answers to queries through
 * public resolvers, among others). Such an answer logs a WARN naming the zone and the code at most
 * once per {@link #WARN_INTERVAL} per zone, and marks the zone unhealthy until it answers normally
 * again.
 *
 * <p>{@link #selfTest} runs the RFC 5782 §5 test: 127.0.0.2 (and {@code ::FFFF:7F00:2} in nibble
 * form for lists that cover IPv6) must be listed, and 127.0.0.1 (and {@code ::FFFF:7F00:1}) must
 * not. A zone that lists the unlisted test address lists everything, so it is disabled with an
 * ERROR: a dead list must not reject all mail.
 */
public final class DnsblChecker {

  public static final Duration WARN_INTERVAL = Duration.ofMinutes(10);
  private static final Logger LOGGER = LoggerFactory.getLogger(DnsblChecker.class);

  private final DnsResolver resolver;
  private final List<DnsblZone> zones;
  private final Clock clock;
  private final Set<String> disabled = ConcurrentHashMap.newKeySet();
  private final Set<String> unhealthy = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> lastWarning = new ConcurrentHashMap<>();

  public DnsblChecker(DnsResolver resolver, List<DnsblZone> zones, Clock clock) {
    this.resolver = resolver;
    this.zones = List.copyOf(zones);
    this.clock = clock;
  }

  /**
   * Checks an IP address against every enabled IP zone that covers its address family. Each listing
   * carries its TXT reason, fetched after the A response.
   */
  public CompletableFuture<List<ZoneResult>> checkAddress(InetAddress address) {
    return all(lookups(DnsblZone.Kind.IP, addressQuery(address), Optional.empty(), null));
  }

  /**
   * Checks an IP address and turns the answers into symbols. The future completes by the deadline
   * at the latest: a zone that has not responded by then gives its failure symbol. Each listing
   * starts a TXT query for its reason, whose response goes to {@code reasons} without delaying the
   * symbols.
   */
  public CompletableFuture<List<Symbol>> symbolsForAddress(
      InetAddress address, Duration deadline, ListingReasons reasons) {
    return all(lookups(DnsblZone.Kind.IP, addressQuery(address), Optional.of(deadline), reasons))
        .thenApply(DnsblChecker::symbols);
  }

  /**
   * Checks a domain name (the HELO name, the client's PTR name or the envelope sender's domain) and
   * turns the answers into symbols, completing by the deadline at the latest. Listings' TXT reasons
   * go to {@code reasons}, as for addresses.
   */
  public CompletableFuture<List<Symbol>> symbolsForDomain(
      String domain, Duration deadline, ListingReasons reasons) {
    return all(lookups(
            DnsblZone.Kind.DOMAIN, zone -> zone.queryName(domain), Optional.of(deadline), reasons))
        .thenApply(DnsblChecker::symbols);
  }

  /**
   * Queries every enabled zone of a kind for which {@code queryName} gives a name (null skips the
   * zone). With a deadline, a zone without an answer by then gives a failed result, and listings'
   * TXT reasons go to {@code reasons}; without one, the result awaits them.
   */
  private List<CompletableFuture<ZoneResult>> lookups(
      DnsblZone.Kind kind,
      Function<DnsblZone, String> queryName,
      Optional<Duration> deadline,
      ListingReasons reasons) {
    List<CompletableFuture<ZoneResult>> lookups = new ArrayList<>();
    for (DnsblZone zone : enabledZones(kind)) {
      String name = queryName.apply(zone);
      if (name == null) {
        continue;
      }
      CompletableFuture<ZoneResult> lookup = query(zone, name, deadline.isEmpty(), reasons);
      if (deadline.isPresent()) {
        long millis = deadline.get().toMillis();
        lookup =
            lookup.completeOnTimeout(
                new ZoneResult.Failed(zone, "no answer within " + millis + " ms"),
                millis,
                TimeUnit.MILLISECONDS);
      }
      lookups.add(lookup);
    }
    return lookups;
  }

  private static Function<DnsblZone, String> addressQuery(InetAddress address) {
    return zone -> zone.family().covers(address) ? zone.queryName(address) : null;
  }

  /** Returns whether any enabled zone lists domain names. */
  public boolean hasDomainZones() {
    return !enabledZones(DnsblZone.Kind.DOMAIN).isEmpty();
  }

  /**
   * Turns zone results into symbols: listings, and failure symbols for failed or invalid answers.
   */
  public static List<Symbol> symbols(List<ZoneResult> results) {
    List<Symbol> symbols = new ArrayList<>();
    for (ZoneResult result : results) {
      DnsblZone zone = result.zone();
      if (result instanceof ZoneResult.Listed listed) {
        symbols.addAll(listingSymbols(listed));
      } else if (result instanceof ZoneResult.Failed failed) {
        symbols.add(
            new Symbol(zone.failureSymbol(), zone.zone() + " lookup failed: " + failed.reason()));
      } else if (result instanceof ZoneResult.Invalid invalid) {
        symbols.add(
            new Symbol(
                zone.failureSymbol(),
                zone.zone() + " answered " + invalid.codes() + ", which is not a listing"));
      }
    }
    return symbols;
  }

  /** Checks a domain name (HELO, reverse-DNS name or sender domain) against every domain zone. */
  public CompletableFuture<List<ZoneResult>> checkDomain(String domain) {
    return all(
        lookups(DnsblZone.Kind.DOMAIN, zone -> zone.queryName(domain), Optional.empty(), null));
  }

  /**
   * Runs the RFC 5782 §5 self-test on every IP zone and disables the zones that list the loopback
   * address 127.0.0.1. Returns the ids of the zones that failed the test.
   */
  public CompletableFuture<List<String>> selfTest() {
    List<CompletableFuture<Optional<String>>> tests = new ArrayList<>();
    for (DnsblZone zone : zones) {
      if (zone.kind() == DnsblZone.Kind.IP) {
        tests.add(selfTest(zone));
      }
    }
    return CompletableFuture.allOf(tests.toArray(CompletableFuture[]::new))
        .thenApply(
            done ->
                tests.stream()
                    .map(CompletableFuture::join)
                    .flatMap(Optional::stream)
                    .collect(Collectors.toList()));
  }

  /** Runs the self-test now and then every {@code period} on the executor, logging its outcome. */
  public void scheduleSelfTest(ScheduledExecutorService executor, Duration period) {
    executor.scheduleAtFixedRate(
        () ->
            selfTest()
                .whenComplete(
                    (failed, error) -> {
                      if (error != null) {
                        LOGGER.warn("DNS list self-test failed to run", error);
                      } else if (failed.isEmpty()) {
                        LOGGER.debug("DNS list self-test passed for all IP lists");
                      }
                    }),
        0,
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Returns whether the zone is in use: configured, and not disabled by the self-test. */
  public boolean isEnabled(String zoneId) {
    return !disabled.contains(zoneId);
  }

  /** Returns whether the zone's last answers were usable. */
  public boolean isHealthy(String zoneId) {
    return !unhealthy.contains(zoneId) && !disabled.contains(zoneId);
  }

  public List<DnsblZone> zones() {
    return zones;
  }

  private CompletableFuture<Optional<String>> selfTest(DnsblZone zone) {
    List<CompletableFuture<DnsResult>> listed = new ArrayList<>();
    List<CompletableFuture<DnsResult>> unlisted = new ArrayList<>();
    if (zone.family() != DnsblZone.Family.IPV6) {
      listed.add(resolver.lookup(zone.queryName(address(new byte[] {127, 0, 0, 2})), Type.A));
      unlisted.add(resolver.lookup(zone.queryName(address(new byte[] {127, 0, 0, 1})), Type.A));
    }
    if (zone.family() != DnsblZone.Family.IPV4) {
      // RFC 5782 §5: IPv6 lists carry ::FFFF:7F00:2 and must not list ::FFFF:7F00:1.
      listed.add(resolver.lookup(zone.nibbleName(mappedLoopback(2)), Type.A));
      unlisted.add(resolver.lookup(zone.nibbleName(mappedLoopback(1)), Type.A));
    }
    CompletableFuture<DnsResult> positive = worst(listed, false);
    CompletableFuture<DnsResult> negative = worst(unlisted, true);
    return positive.thenCombine(
        negative,
        (listedResult, unlistedResult) -> {
          if (unlistedResult instanceof DnsResult.Answer) {
            disabled.add(zone.id());
            LOGGER.error(
                "DNS list zone={} lists the test address 127.0.0.1 (or ::FFFF:7F00:1), so it lists"
                    + " every address; disabled until the next self-test passes",
                zone.zone());
            return Optional.of(zone.id());
          }
          if (listedResult.isFailure() || unlistedResult.isFailure()) {
            LOGGER.warn(
                "DNS list zone={} self-test failed: the listed test entry gave {}, the unlisted one {}",
                zone.zone(),
                listedResult.outcome(),
                unlistedResult.outcome());
            return Optional.of(zone.id());
          }
          if (!(listedResult instanceof DnsResult.Answer)) {
            LOGGER.warn(
                "DNS list zone={} does not list the test address 127.0.0.2 or ::FFFF:7F00:2 (RFC"
                    + " 5782 §5); it may be misspelt, empty, or cover one address family only (set"
                    + " dnsbl.ID.family)",
                zone.zone());
            return Optional.of(zone.id());
          }
          if (disabled.remove(zone.id())) {
            LOGGER.info("DNS list zone={} passed its self-test and is enabled again", zone.zone());
          }
          return Optional.empty();
        });
  }

  /** Returns the symbols of one listing, whose reason names the zone and the return codes. */
  private static List<Symbol> listingSymbols(ZoneResult.Listed listed) {
    String reason =
        "listed in "
            + listed.zone().zone()
            + " ("
            + String.join(",", listed.codes())
            + ")"
            + listed.reason().map(text -> ": " + text).orElse("");
    return listed.symbols().stream().map(symbol -> new Symbol(symbol, reason)).toList();
  }

  /**
   * Queries one zone. A listing's TXT reason is awaited in the result when {@code awaitReason} is
   * set, fetched in the background into {@code reasons} when that is given, and not fetched
   * otherwise.
   */
  private CompletableFuture<ZoneResult> query(
      DnsblZone zone, String name, boolean awaitReason, ListingReasons reasons) {
    return resolver
        .lookup(name, Type.A)
        .thenCompose(
            result -> {
              ZoneResult read = read(zone, result);
              if (read instanceof ZoneResult.Listed listed) {
                if (awaitReason) {
                  return reason(name)
                      .thenApply(
                          text ->
                              new ZoneResult.Listed(
                                  listed.zone(), listed.symbols(), listed.codes(), text));
                }
                if (reasons != null) {
                  CompletableFuture<Optional<String>> text = reason(name);
                  listingSymbols(listed).forEach(symbol -> reasons.put(symbol, text));
                }
              }
              return CompletableFuture.completedFuture(read);
            });
  }

  private ZoneResult read(DnsblZone zone, DnsResult result) {
    if (result.isFailure()) {
      return new ZoneResult.Failed(zone, result.outcome());
    }
    if (!(result instanceof DnsResult.Answer answer)) {
      return new ZoneResult.NotListed(zone);
    }

    Set<String> symbols = new LinkedHashSet<>();
    List<String> codes = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    for (Record record : answer.records()) {
      InetAddress code = ((ARecord) record).getAddress();
      String dotted = code.getHostAddress();
      if (!isListingCode(code)) {
        invalid.add(dotted);
        continue;
      }
      String symbol = zone.codes().get(code);
      if (symbol == null) {
        symbol = zone.otherCodes().orElse(null);
      }
      if (symbol != null) {
        symbols.add(symbol);
        codes.add(dotted);
      }
    }
    if (!invalid.isEmpty()) {
      markUnhealthy(zone, invalid);
      if (symbols.isEmpty()) {
        return new ZoneResult.Invalid(zone, invalid);
      }
    } else if (unhealthy.remove(zone.id())) {
      LOGGER.info("DNS list zone={} answers normally again", zone.zone());
    }
    if (symbols.isEmpty()) {
      return new ZoneResult.NotListed(zone);
    }
    return new ZoneResult.Listed(zone, new ArrayList<>(symbols), codes, Optional.empty());
  }

  /** Fetches the TXT record of a listing, whose text explains it; a failure leaves it empty. */
  private CompletableFuture<Optional<String>> reason(String name) {
    return resolver
        .lookup(name, Type.TXT)
        .thenApply(
            result -> {
              if (result instanceof DnsResult.Answer answer) {
                return answer.records().stream()
                    .map(record -> String.join("", ((TXTRecord) record).getStrings()))
                    .findFirst();
              }
              LOGGER.debug("No TXT reason for DNS list entry {}: {}", name, result.outcome());
              return Optional.<String>empty();
            });
  }

  /**
   * Returns whether a return code is a listing: inside 127.0.0.0/8 (RFC 5782 §2.1) and not one of
   * the error codes 127.255.255.252 to 127.255.255.255.
   */
  static boolean isListingCode(InetAddress code) {
    if (!(code instanceof Inet4Address)) {
      return false;
    }
    byte[] bytes = code.getAddress();
    boolean loopbackNetwork = bytes[0] == 127;
    boolean errorCode =
        bytes[1] == (byte) 255 && bytes[2] == (byte) 255 && (bytes[3] & 0xff) >= 252;
    return loopbackNetwork && !errorCode;
  }

  private void markUnhealthy(DnsblZone zone, List<String> codes) {
    unhealthy.add(zone.id());
    Instant now = clock.instant();
    Instant last = lastWarning.get(zone.id());
    if (last == null || !now.isBefore(last.plus(WARN_INTERVAL))) {
      lastWarning.put(zone.id(), now);
      LOGGER.warn(
          "DNS list zone={} answered {}, which is not a listing (an error code or an address"
              + " outside 127.0.0.0/8); the zone is marked unhealthy. Spamhaus answers"
              + " 127.255.255.254 to queries through public resolvers: query it through your own"
              + " resolver",
          zone.zone(),
          codes);
    }
  }

  private List<DnsblZone> enabledZones(DnsblZone.Kind kind) {
    return zones.stream()
        .filter(zone -> zone.kind() == kind && !disabled.contains(zone.id()))
        .toList();
  }

  private static CompletableFuture<List<ZoneResult>> all(
      List<CompletableFuture<ZoneResult>> lookups) {
    return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new))
        .thenApply(done -> lookups.stream().map(CompletableFuture::join).toList());
  }

  /**
   * Combines test lookups into the one that decides the test: for the listed entries the first that
   * is not an answer, for the unlisted ones the first answer.
   */
  private static CompletableFuture<DnsResult> worst(
      List<CompletableFuture<DnsResult>> lookups, boolean answerIsWorst) {
    return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<DnsResult> results = lookups.stream().map(CompletableFuture::join).toList();
              return results.stream()
                  .filter(result -> (result instanceof DnsResult.Answer) == answerIsWorst)
                  .findFirst()
                  .orElse(results.get(0));
            });
  }

  private static byte[] mappedLoopback(int last) {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    bytes[12] = 127;
    bytes[15] = (byte) last;
    return bytes;
  }

  private static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("Four bytes always form an IPv4 address", e);
    }
  }
}
