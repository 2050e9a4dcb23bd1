package org.spamfree.core.dns;

/**
 * Symbols of the reverse-DNS and HELO lookups. They only add to the score by default: RFC 5321
 * §4.1.4 forbids refusing mail because the HELO does not match, and many legitimate senders have
 * imperfect reverse DNS.
 */
public final class DnsSymbols {

  /** The client address has no PTR record. */
  public static final String RDNS_NONE = "RDNS_NONE";

  /** No PTR name of the client resolves back to the client address (not forward-confirmed). */
  public static final String RDNS_NOT_CONFIRMED = "RDNS_NOT_CONFIRMED";

  /** The client's PTR name looks like a dynamic or access-network name. */
  public static final String RDNS_DYNAMIC = "RDNS_DYNAMIC";

  /** The reverse-DNS lookups failed (timeout or server failure); scored 0. */
  public static final String RDNS_FAIL = "RDNS_FAIL";

  /** The HELO name has no A or AAAA record. */
  public static final String HELO_NOT_RESOLVING = "HELO_NOT_RESOLVING";

  /** The HELO name differs from the client's forward-confirmed PTR name. */
  public static final String HELO_RDNS_MISMATCH = "HELO_RDNS_MISMATCH";

  /** The HELO name's lookups failed (timeout or server failure); scored 0. */
  public static final String HELO_DNS_FAIL = "HELO_DNS_FAIL";

  private DnsSymbols() {}
}
