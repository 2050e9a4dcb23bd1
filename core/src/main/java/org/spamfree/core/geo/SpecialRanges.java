package org.spamfree.core.geo;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.spamfree.core.config.CidrRange;

/**
 * Special-purpose address blocks from the IANA IPv4 and IPv6 Special-Purpose Address Registries
 * (RFC 6890 and its updates) that belong to no country: a country database has no meaningful entry
 * for them, so they are answered without a lookup.
 */
final class SpecialRanges {

  /** A block, with its reason text built once so that a lookup allocates nothing. */
  private record Range(byte[] network, int prefixLength, Optional<String> reason) {

    boolean contains(byte[] address) {
      int fullBytes = prefixLength / 8;
      for (int index = 0; index < fullBytes; index++) {
        if (address[index] != network[index]) {
          return false;
        }
      }
      int remainingBits = prefixLength % 8;
      if (remainingBits == 0) {
        return true;
      }
      int mask = (0xff << (8 - remainingBits)) & 0xff;
      return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }
  }

  private static final List<Range> IPV4 =
      List.of(
          range("0.0.0.0/8", "this-network"),
          range("10.0.0.0/8", "private"),
          range("100.64.0.0/10", "shared-cgnat"),
          range("127.0.0.0/8", "loopback"),
          range("169.254.0.0/16", "link-local"),
          range("172.16.0.0/12", "private"),
          range("192.0.0.0/24", "ietf-protocol"),
          range("192.0.2.0/24", "documentation"),
          range("192.88.99.0/24", "6to4-relay"),
          range("192.168.0.0/16", "private"),
          range("198.18.0.0/15", "benchmarking"),
          range("198.51.100.0/24", "documentation"),
          range("203.0.113.0/24", "documentation"),
          range("224.0.0.0/4", "multicast"),
          range("240.0.0.0/4", "reserved"));

  private static final List<Range> IPV6 =
      List.of(
          range("::/128", "unspecified"),
          range("::1/128", "loopback"),
          range("64:ff9b:1::/48", "local-nat64"),
          range("100::/64", "discard"),
          range("2001:db8::/32", "documentation"),
          range("3fff::/20", "documentation"),
          range("fc00::/7", "unique-local"),
          range("fe80::/10", "link-local"),
          range("ff00::/8", "multicast"));

  private SpecialRanges() {}

  /**
   * Returns {@code special:NAME} for an address in a special-purpose block, such as {@code
   * special:loopback}. IPv4-mapped IPv6 addresses must be turned into IPv4 first.
   */
  static Optional<String> reasonOf(InetAddress address) {
    byte[] bytes = address.getAddress();
    for (Range range : bytes.length == 4 ? IPV4 : IPV6) {
      if (range.contains(bytes)) {
        return range.reason();
      }
    }
    return Optional.empty();
  }

  private static Range range(String network, String name) {
    CidrRange parsed = CidrRange.parse(network);
    return new Range(
        parsed.network().getAddress(), parsed.prefixLength(), Optional.of("special:" + name));
  }
}
