package org.spamfree.core.dns;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.net.InetAddresses;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.config.HostPort;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The one DNS resolver that all of Spamfree's checks share. Lookups are asynchronous (dnsjava 3.x
 * messages over UDP, retried over TCP when an answer is truncated, see {@link UdpExchange}) and
 * return a typed {@link DnsResult}, never an exception.
 *
 * <ul>
 *   <li>Servers are tried in order; a server that times out or fails on the network passes the
 *       query to the next one, each with the per-query timeout ({@value
 *       #DEFAULT_QUERY_TIMEOUT_MILLIS} ms by default).
 *   <li>Answers are cached for their TTL, at most {@link #MAX_TTL}. NXDOMAIN and NODATA are cached
 *       for the SOA's negative TTL (RFC 2308 §5), at most {@link #MAX_NEGATIVE_TTL}. Failures are
 *       not cached. The cache holds at most {@code cacheSize} entries.
 *   <li>Concurrent lookups of the same name and type share one query.
 *   <li>CNAME chains are followed, up to {@value #MAX_CNAME_DEPTH} links.
 * </ul>
 */
public final class DnsResolver {

  public static final long DEFAULT_QUERY_TIMEOUT_MILLIS = 2000;
  public static final int DEFAULT_CACHE_SIZE = 10_000;
  public static final Duration MAX_TTL = Duration.ofDays(1);
  public static final Duration MAX_NEGATIVE_TTL = Duration.ofHours(1);
  static final int MAX_CNAME_DEPTH = 8;

  /** Shortest time between two WARN lines about the same failing server. */
  public static final Duration SERVER_WARNING_INTERVAL = Duration.ofMinutes(1);

  private static final int DEFAULT_DNS_PORT = 53;
  private static final Logger LOGGER = LoggerFactory.getLogger(DnsResolver.class);

  private record Key(Name name, int type) {}

  private record Cached(DnsResult result, Instant expires) {}

  private final List<InetSocketAddress> servers;
  private final Duration queryTimeout;
  private final Clock clock;
  private final Cache<Key, Cached> cache;
  private final ConcurrentMap<Key, CompletableFuture<DnsResult>> inFlight =
      new ConcurrentHashMap<>();
  private final AtomicLong queriesSent = new AtomicLong();
  private final UdpExchange udp = new UdpExchange();
  private final java.util.Set<InetSocketAddress> failingServers = ConcurrentHashMap.newKeySet();
  private final ConcurrentMap<InetSocketAddress, Instant> lastServerWarning =
      new ConcurrentHashMap<>();

  /**
   * Creates a resolver.
   *
   * @param servers DNS servers as IP addresses with optional ports; empty for the system resolver's
   *     servers
   * @param queryTimeout how long to wait for each server's answer
   * @param cacheSize maximum number of cached results
   * @param clock time source for TTLs
   * @throws IllegalArgumentException when a server is not an IP address
   */
  public DnsResolver(List<HostPort> servers, Duration queryTimeout, int cacheSize, Clock clock) {
    this.servers = servers.isEmpty() ? systemServers() : toSocketAddresses(servers);
    this.queryTimeout = Objects.requireNonNull(queryTimeout, "queryTimeout must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    this.cache = CacheBuilder.newBuilder().maximumSize(cacheSize).build();
  }

  /**
   * Returns how many queries went to servers: one per server tried, cache hits and shared lookups
   * excluded. For tests and metrics.
   */
  public long queriesSent() {
    return queriesSent.get();
  }

  /** Returns the servers queried, in order. */
  public List<InetSocketAddress> servers() {
    return servers;
  }

  /**
   * Looks up the records of one type. The future always completes normally.
   *
   * @param name a domain name, with or without the final dot
   * @param type a {@link Type} constant such as {@link Type#A}
   * @throws IllegalArgumentException when the name is not a valid domain name
   */
  public CompletableFuture<DnsResult> lookup(String name, int type) {
    Key key = new Key(absolute(name), type);
    Cached cached = cache.getIfPresent(key);
    if (cached != null) {
      if (clock.instant().isBefore(cached.expires())) {
        LOGGER.debug(
            "DNS lookup name={} type={} result={} cached=true",
            key.name(),
            Type.string(type),
            cached.result().outcome());
        return CompletableFuture.completedFuture(cached.result());
      }
      cache.invalidate(key);
    }

    CompletableFuture<DnsResult> created = new CompletableFuture<>();
    CompletableFuture<DnsResult> existing = inFlight.putIfAbsent(key, created);
    if (existing != null) {
      return existing;
    }
    Instant started = clock.instant();
    resolve(key.name(), type, 0)
        .whenComplete(
            (result, error) -> {
              DnsResult outcome =
                  error == null
                      ? result.result()
                      : new DnsResult.ServerFailure(
                          key.name().toString(), type, "internal error: " + error);
              if (error == null && !result.ttl().isZero() && !result.ttl().isNegative()) {
                cache.put(key, new Cached(outcome, clock.instant().plus(result.ttl())));
              }
              inFlight.remove(key, created);
              LOGGER.debug(
                  "DNS lookup name={} type={} result={} elapsedMs={} cached=false",
                  key.name(),
                  Type.string(type),
                  outcome.outcome(),
                  Duration.between(started, clock.instant()).toMillis());
              created.complete(outcome);
            });
    return created;
  }

  /** A result with the time it may be cached; zero for results that must not be cached. */
  private record Resolved(DnsResult result, Duration ttl) {}

  private CompletableFuture<Resolved> resolve(Name name, int type, int depth) {
    return query(name, type, 0)
        .thenCompose(
            response -> {
              if (response instanceof Resolved done) {
                return CompletableFuture.completedFuture(done);
              }
              return interpret(name, type, (Message) response, depth);
            });
  }

  /** Sends the query to server {@code index}, and on a timeout or network error to the next. */
  private CompletableFuture<Object> query(Name name, int type, int index) {
    InetSocketAddress server = servers.get(index);
    Message request = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    queriesSent.incrementAndGet();
    return udp.send(server, request, queryTimeout)
        .<Object>thenApply(
            message -> {
              if (failingServers.remove(server)) {
                LOGGER.info("DNS server {} responds again", server);
              }
              return message;
            })
        .exceptionallyCompose(
            error -> {
              Throwable cause = error;
              while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                  && cause.getCause() != null) {
                cause = cause.getCause();
              }
              LOGGER.debug(
                  "DNS server {} failed for name={} type={}: {}",
                  server,
                  name,
                  Type.string(type),
                  cause.toString());
              warnServerFailure(server, name, type, cause);
              if (index + 1 < servers.size()) {
                return query(name, type, index + 1);
              }
              DnsResult failure =
                  cause instanceof TimeoutException || cause instanceof InterruptedIOException
                      ? new DnsResult.Timeout(
                          name.toString(), type, queryTimeout.multipliedBy(servers.size()))
                      : new DnsResult.ServerFailure(
                          name.toString(), type, "network error: " + cause.getMessage());
              return CompletableFuture.completedFuture(new Resolved(failure, Duration.ZERO));
            });
  }

  /**
   * Logs a WARN for a server that timed out or failed on the network, at most once per {@link
   * #SERVER_WARNING_INTERVAL} per server, so a dead server does not flood the log with one line per
   * query.
   */
  private void warnServerFailure(InetSocketAddress server, Name name, int type, Throwable cause) {
    failingServers.add(server);
    Instant now = clock.instant();
    Instant last = lastServerWarning.get(server);
    if (last != null && now.isBefore(last.plus(SERVER_WARNING_INTERVAL))) {
      return;
    }
    lastServerWarning.put(server, now);
    String failure =
        cause instanceof TimeoutException || cause instanceof InterruptedIOException
            ? "did not respond within " + queryTimeout.toMillis() + " ms"
            : "failed: " + cause.getMessage();
    LOGGER.warn(
        "DNS server {} {} (name={} type={}); its lookups fail until it responds, and checks give"
            + " their failure symbols. Check the server or dns.servers",
        server,
        failure,
        name,
        Type.string(type));
  }

  private CompletableFuture<Resolved> interpret(
      Name queried, int type, Message response, int depth) {
    String name = queried.toString();
    int rcode = response.getRcode();
    if (rcode == Rcode.NXDOMAIN) {
      return done(new DnsResult.NxDomain(name, type), negativeTtl(response));
    }
    if (rcode != Rcode.NOERROR) {
      return done(new DnsResult.ServerFailure(name, type, Rcode.string(rcode)), Duration.ZERO);
    }

    Name current = queried;
    List<Record> answers = response.getSection(Section.ANSWER);
    for (int link = 0; link <= MAX_CNAME_DEPTH; link++) {
      List<Record> matching = new ArrayList<>();
      Name target = null;
      for (Record record : answers) {
        if (!record.getName().equals(current)) {
          continue;
        }
        if (record.getType() == type) {
          matching.add(record);
        } else if (record.getType() == Type.CNAME && type != Type.CNAME) {
          target = ((CNAMERecord) record).getTarget();
        }
      }
      if (!matching.isEmpty()) {
        Duration ttl = minimumTtl(matching);
        return done(new DnsResult.Answer(name, type, matching, ttl), ttl);
      }
      if (target == null) {
        return current.equals(queried)
            ? done(new DnsResult.NoData(name, type), negativeTtl(response))
            : followCname(queried, current, type, depth);
      }
      current = target;
    }
    return done(
        new DnsResult.ServerFailure(name, type, "CNAME chain longer than " + MAX_CNAME_DEPTH),
        Duration.ZERO);
  }

  /** Looks up the end of a CNAME chain that the answer did not include. */
  private CompletableFuture<Resolved> followCname(Name queried, Name target, int type, int depth) {
    if (depth >= MAX_CNAME_DEPTH) {
      return done(
          new DnsResult.ServerFailure(
              queried.toString(), type, "CNAME chain longer than " + MAX_CNAME_DEPTH),
          Duration.ZERO);
    }
    return resolve(target, type, depth + 1)
        .thenApply(
            followed -> {
              DnsResult result = followed.result();
              DnsResult renamed = result;
              if (result instanceof DnsResult.Answer answer) {
                renamed =
                    new DnsResult.Answer(queried.toString(), type, answer.records(), answer.ttl());
              } else if (result instanceof DnsResult.NxDomain) {
                renamed = new DnsResult.NxDomain(queried.toString(), type);
              } else if (result instanceof DnsResult.NoData) {
                renamed = new DnsResult.NoData(queried.toString(), type);
              }
              return new Resolved(renamed, followed.ttl());
            });
  }

  private static CompletableFuture<Resolved> done(DnsResult result, Duration ttl) {
    return CompletableFuture.completedFuture(new Resolved(result, ttl));
  }

  private static Duration minimumTtl(List<Record> records) {
    long seconds = records.stream().mapToLong(Record::getTTL).min().orElse(0);
    Duration ttl = Duration.ofSeconds(seconds);
    return ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
  }

  /**
   * Returns the negative TTL of RFC 2308 §5: the smaller of the SOA record's TTL and its MINIMUM
   * field. Without an SOA in the authority section the result is not cached.
   */
  private static Duration negativeTtl(Message response) {
    for (Record record : response.getSection(Section.AUTHORITY)) {
      if (record instanceof SOARecord soa) {
        Duration ttl = Duration.ofSeconds(Math.min(soa.getTTL(), soa.getMinimum()));
        return ttl.compareTo(MAX_NEGATIVE_TTL) > 0 ? MAX_NEGATIVE_TTL : ttl;
      }
    }
    return Duration.ZERO;
  }

  private static Name absolute(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    try {
      return Name.fromString(lower.endsWith(".") ? lower : lower + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("Invalid domain name '" + name + "': " + e.getMessage());
    }
  }

  private static List<InetSocketAddress> toSocketAddresses(List<HostPort> servers) {
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (HostPort server : servers) {
      if (!InetAddresses.isInetAddress(server.host())) {
        throw new IllegalArgumentException(
            "DNS server '"
                + server
                + "' is not an IP address; write it as 192.0.2.53 or [2001:db8::53]:53");
      }
      addresses.add(
          new InetSocketAddress(
              InetAddresses.forString(server.host()), server.portOr(DEFAULT_DNS_PORT)));
    }
    return List.copyOf(addresses);
  }

  private static List<InetSocketAddress> systemServers() {
    List<InetSocketAddress> system = ResolverConfig.getCurrentConfig().servers();
    if (system.isEmpty()) {
      throw new IllegalStateException(
          "No DNS servers configured and none found in the system resolver configuration;"
              + " set dns.servers or SPAMFREE_DNS_SERVERS");
    }
    return List.copyOf(system);
  }
}
