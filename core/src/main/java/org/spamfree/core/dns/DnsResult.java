package org.spamfree.core.dns;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The outcome of one DNS lookup. Each outcome is its own type, so a caller cannot read a server
 * failure or a timeout as "no such name": only {@link NxDomain} and {@link NoData} mean that the
 * name or record set does not exist.
 */
public sealed interface DnsResult
    permits DnsResult.Answer,
        DnsResult.NxDomain,
        DnsResult.NoData,
        DnsResult.ServerFailure,
        DnsResult.Timeout {

  /** The queried name, absolute and lower-case, with the final dot. */
  String name();

  /** The queried record type, a {@link Type} constant. */
  int type();

  /** Returns whether the lookup failed, so nothing is known about the name. */
  default boolean isFailure() {
    return this instanceof ServerFailure || this instanceof Timeout;
  }

  /** Returns a short stable word for logs: ANSWER, NXDOMAIN, NODATA, SERVFAIL or TIMEOUT. */
  String outcome();

  /**
   * Records of the queried type, after any CNAME chain.
   *
   * @param ttl the smallest TTL of the records, which is how long the answer stays valid
   */
  record Answer(String name, int type, List<Record> records, Duration ttl) implements DnsResult {
    public Answer {
      Objects.requireNonNull(name, "name must not be null");
      records = List.copyOf(records);
    }

    @Override
    public String outcome() {
      return "ANSWER";
    }
  }

  /** The name does not exist (RCODE 3, RFC 1035 §4.1.1). */
  record NxDomain(String name, int type) implements DnsResult {
    @Override
    public String outcome() {
      return "NXDOMAIN";
    }
  }

  /** The name exists but has no record of the queried type (RFC 2308 §2.2). */
  record NoData(String name, int type) implements DnsResult {
    @Override
    public String outcome() {
      return "NODATA";
    }
  }

  /**
   * The server answered with an error (SERVFAIL, REFUSED, FORMERR and the like), or the exchange
   * failed on the network.
   *
   * @param reason the response code or the network error, for logs
   */
  record ServerFailure(String name, int type, String reason) implements DnsResult {
    @Override
    public String outcome() {
      return "SERVFAIL";
    }
  }

  /** No server answered in time. */
  record Timeout(String name, int type, Duration waited) implements DnsResult {
    @Override
    public String outcome() {
      return "TIMEOUT";
    }
  }
}
