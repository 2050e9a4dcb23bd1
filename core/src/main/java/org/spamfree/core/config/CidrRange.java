package org.spamfree.core.config;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.Objects;
import org.spamfree.core.net.IpAddresses;

/**
 * A network in CIDR notation, such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}. A single
 * address is a network of one. IPv4-mapped IPv6 addresses match IPv4 networks.
 */
public record CidrRange(InetAddress network, int prefixLength) {

  public CidrRange {
    Objects.requireNonNull(network, "network must not be null");
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "Invalid prefix length " + prefixLength + " for " + network.getHostAddress());
    }
  }

  /**
   * Parses {@code address/length} or a single address, without DNS.
   *
   * @throws IllegalArgumentException naming the value and the accepted form
   */
  public static CidrRange parse(String value) {
    String trimmed = value.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    if (!InetAddresses.isInetAddress(address)) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a network; write it as 192.0.2.0/24, 2001:db8::/32 or 192.0.2.7");
    }
    InetAddress network = InetAddresses.forString(address);
    int bits = network.getAddress().length * 8;
    int length;
    try {
      length = slash < 0 ? bits : Integer.parseInt(trimmed.substring(slash + 1));
    } catch (NumberFormatException e) {
      length = -1;
    }
    if (length < 0 || length > bits) {
      throw new IllegalArgumentException(
          "'" + value + "' has an invalid prefix length; it is 0 to " + bits + " for this address");
    }
    return new CidrRange(network, length);
  }

  public boolean contains(InetAddress address) {
    byte[] candidate = IpAddresses.canonical(address).getAddress();
    byte[] base = network.getAddress();
    if (candidate.length != base.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int index = 0; index < fullBytes; index++) {
      if (candidate[index] != base[index]) {
        return false;
      }
    }
    int remainingBits = prefixLength % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = (0xff << (8 - remainingBits)) & 0xff;
    return (candidate[fullBytes] & mask) == (base[fullBytes] & mask);
  }

  @Override
  public String toString() {
    return InetAddresses.toAddrString(network) + "/" + prefixLength;
  }
}
