package org.spamfree.core.dnsbl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.spamfree.core.net.IpAddresses;

/**
 * One DNS blocklist or allowlist zone (RFC 5782) and how to read its answers.
 *
 * <p>An IP list is queried with the client address reversed under the zone: {@code 203.0.113.10}
 * becomes {@code 10.113.0.203.ZONE}, and an IPv6 address its 32 nibbles in reverse order (RFC 5782
 * §2.4). A domain list is queried with the domain under the zone. A listed entry answers with A
 * records in 127.0.0.0/8; each return code maps to a symbol, so one zone can carry several lists.
 * Spamhaus ZEN, for example, answers 127.0.0.2 for the SBL, 127.0.0.3 for CSS, 127.0.0.4 to
 * 127.0.0.7 for the XBL, 127.0.0.9 for DROP and 127.0.0.10 and 127.0.0.11 for the PBL.
 *
 * @param id short lower-case identifier used in settings and logs
 * @param zone the DNS zone, lower-case, without a final dot
 * @param kind whether the zone lists IP addresses or domain names
 * @param allowlist whether a listing is trust (negative scores) rather than suspicion
 * @param codes return code to symbol; codes not in the map are ignored unless {@code otherCodes}
 *     names a symbol
 * @param otherCodes symbol for 127.0.0.0/8 codes that {@code codes} does not list
 * @param failureSymbol symbol for a lookup that failed (timeout, server failure), scored 0 by
 *     default
 * @param family the client address families an IP list is queried for and self-tested with
 */
public record DnsblZone(
    String id,
    String zone,
    Kind kind,
    boolean allowlist,
    Map<InetAddress, String> codes,
    Optional<String> otherCodes,
    String failureSymbol,
    Family family) {

  /** The address families an IP list covers; domain lists ignore it. */
  public enum Family {
    IPV4,
    IPV6,
    BOTH;

    boolean covers(InetAddress address) {
      return this == BOTH || (this == IPV4) == (unmapped(address) instanceof Inet4Address);
    }
  }

  /** Creates a zone that covers both address families. */
  public DnsblZone(
      String id,
      String zone,
      Kind kind,
      boolean allowlist,
      Map<InetAddress, String> codes,
      Optional<String> otherCodes,
      String failureSymbol) {
    this(id, zone, kind, allowlist, codes, otherCodes, failureSymbol, Family.BOTH);
  }

  /** The kind of entries a zone lists. */
  public enum Kind {
    IP,
    DOMAIN
  }

  private static final Pattern ZONE =
      Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

  public DnsblZone {
    Objects.requireNonNull(id, "id must not be null");
    Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(failureSymbol, "failureSymbol must not be null");
    Objects.requireNonNull(family, "family must not be null");
    zone = zone.toLowerCase(Locale.ROOT);
    if (zone.endsWith(".")) {
      zone = zone.substring(0, zone.length() - 1);
    }
    if (!ZONE.matcher(zone).matches()) {
      throw new IllegalArgumentException(
          "Invalid DNS list zone '" + zone + "': expected a domain name such as zen.example.test");
    }
    codes = Map.copyOf(codes);
    otherCodes = Objects.requireNonNull(otherCodes, "otherCodes must not be null");
  }

  /**
   * Returns the name to query for an IP address: reversed octets for IPv4, reversed nibbles for
   * IPv6 (RFC 5782 §2.1 and §2.4). An IPv4-mapped IPv6 address is queried as IPv4.
   */
  public String queryName(InetAddress address) {
    InetAddress plain = unmapped(address);
    byte[] bytes = plain.getAddress();
    if (plain instanceof Inet4Address) {
      StringBuilder name = new StringBuilder();
      for (int index = bytes.length - 1; index >= 0; index--) {
        name.append(bytes[index] & 0xff).append('.');
      }
      return name.append(zone).toString();
    }
    return nibbleName(bytes);
  }

  /**
   * Returns the nibble-form query name of 16 address bytes, as is, without turning an IPv4-mapped
   * address into IPv4. The IPv6 self-test uses it for {@code ::FFFF:7F00:2}.
   */
  public String nibbleName(byte[] ipv6) {
    if (ipv6.length != 16) {
      throw new IllegalArgumentException("An IPv6 address has 16 bytes, not " + ipv6.length);
    }
    StringBuilder name = new StringBuilder();
    for (int index = ipv6.length - 1; index >= 0; index--) {
      int value = ipv6[index] & 0xff;
      name.append(Character.forDigit(value & 0x0f, 16)).append('.');
      name.append(Character.forDigit(value >> 4, 16)).append('.');
    }
    return name.append(zone).toString();
  }

  /** Returns the name to query for a domain: the domain under the zone (RFC 5782 §2.3). */
  public String queryName(String domain) {
    String lower = domain.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".")) {
      lower = lower.substring(0, lower.length() - 1);
    }
    return lower + "." + zone;
  }

  /** Turns an IPv4-mapped IPv6 address (::ffff:192.0.2.1) into the IPv4 address. */
  static InetAddress unmapped(InetAddress address) {
    return IpAddresses.canonical(address);
  }
}
