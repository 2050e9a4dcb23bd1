package org.spamfree.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/** Helpers for IP addresses that several checks compare or encode. */
public final class IpAddresses {

  private IpAddresses() {}

  /**
   * Returns the address without host name or scope id, with an IPv4-mapped IPv6 address ({@code
   * ::ffff:192.0.2.1}) turned into the IPv4 address it maps. A dual-stack socket reports IPv4
   * clients in the mapped form; {@link InetAddress#getByAddress(byte[])} does the conversion.
   */
  public static InetAddress canonical(InetAddress address) {
    Objects.requireNonNull(address, "address must not be null");
    try {
      return InetAddress.getByAddress(address.getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("The bytes of an address always form an address", e);
    }
  }
}
