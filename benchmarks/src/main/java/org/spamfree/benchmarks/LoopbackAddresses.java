package org.spamfree.benchmarks;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parsing and checks for the addresses that the load client connects to or binds. Load may only
 * target this machine, so every address must be in 127.0.0.0/8 or be ::1.
 */
final class LoopbackAddresses {
  static final String ACCEPTED_FORM =
      "a loopback address (127.0.0.0/8, ::1 or localhost), because the load client only sends"
          + " to this machine";

  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  // Hex digits and colons, optionally ending in a dotted IPv4 part. Zone ids (%eth0) are rejected
  // because a loopback address never needs one.
  private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

  private LoopbackAddresses() {}

  /**
   * Parses an IP literal or {@code localhost} (taken as 127.0.0.1) and checks that it is a loopback
   * address. Other host names are rejected without being resolved, so parsing never sends a DNS
   * query.
   *
   * @throws InvalidOptionException naming {@code option} if the text is not a loopback address
   */
  static InetAddress parse(String option, String text) {
    InetAddress address = parseLiteral(text.strip());
    if (address == null || !address.isLoopbackAddress()) {
      throw InvalidOptionException.invalidValue(option, text, ACCEPTED_FORM);
    }
    return address;
  }

  /** Throws the error for {@code option} unless {@code address} is a loopback address. */
  static void requireLoopback(String option, InetAddress address) {
    if (address == null || !address.isLoopbackAddress()) {
      String displayedValue = address == null ? "(none)" : address.getHostAddress();
      throw InvalidOptionException.invalidValue(option, displayedValue, ACCEPTED_FORM);
    }
  }

  /** Returns "IPv4" or "IPv6" for messages about mixed address families. */
  static String family(InetAddress address) {
    return address instanceof Inet4Address ? "IPv4" : "IPv6";
  }

  /** Formats an address with its port, with brackets around IPv6 addresses. */
  static String format(InetAddress address, int port) {
    String host = address.getHostAddress();
    return (address instanceof Inet4Address ? host : "[" + host + "]") + ":" + port;
  }

  // Returns null for text that is not an IP literal. Both literal forms are parsed here into
  // bytes, so that no text ever reaches InetAddress.getByName, which resolves names.
  private static InetAddress parseLiteral(String text) {
    if (text.equalsIgnoreCase("localhost")) {
      return address(new byte[] {127, 0, 0, 1});
    }
    if (IPV4_LITERAL.matcher(text).matches()) {
      byte[] bytes = parseIpv4(text);
      return bytes == null ? null : address(bytes);
    }
    String unbracketed =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (IPV6_LITERAL.matcher(unbracketed).matches()) {
      byte[] bytes = parseIpv6(unbracketed);
      // getByAddress returns an Inet4Address for an IPv4-mapped address such as ::ffff:127.0.0.1.
      return bytes == null ? null : address(bytes);
    }
    return null;
  }

  private static byte[] parseIpv4(String text) {
    String[] parts = text.split("\\.");
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int value = Integer.parseInt(parts[i]);
      if (value > 255) {
        return null;
      }
      bytes[i] = (byte) value;
    }
    return bytes;
  }

  // Parses the RFC 4291 section 2.2 text forms: eight groups of 1 to 4 hex digits, at most one
  // "::" for a run of zero groups, and an optional dotted IPv4 address as the last 32 bits.
  private static byte[] parseIpv6(String text) {
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return null;
    }
    List<Integer> head = new ArrayList<>();
    List<Integer> tail = new ArrayList<>();
    if (doubleColon < 0) {
      if (!parseGroups(text, head, true)) {
        return null;
      }
    } else if (!parseGroups(text.substring(0, doubleColon), head, false)
        || !parseGroups(text.substring(doubleColon + 2), tail, true)) {
      return null;
    }

    int groups = head.size() + tail.size();
    if (doubleColon < 0 ? groups != 8 : groups > 7) {
      return null;
    }
    List<Integer> all = new ArrayList<>(head);
    for (int i = groups; i < 8; i++) {
      all.add(0);
    }
    all.addAll(tail);
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[2 * i] = (byte) (all.get(i) >> 8);
      bytes[2 * i + 1] = (byte) (all.get(i) & 0xff);
    }
    return bytes;
  }

  // Adds the 16-bit groups of a colon-separated part to groups. A dotted IPv4 address, allowed
  // only at the end of the whole literal, adds two groups. Returns false when the part is
  // malformed.
  private static boolean parseGroups(String part, List<Integer> groups, boolean endsLiteral) {
    if (part.isEmpty()) {
      return true;
    }
    String[] items = part.split(":", -1);
    for (int i = 0; i < items.length; i++) {
      String item = items[i];
      boolean last = i == items.length - 1;
      if (endsLiteral && last && item.contains(".")) {
        byte[] ipv4 = IPV4_LITERAL.matcher(item).matches() ? parseIpv4(item) : null;
        if (ipv4 == null) {
          return false;
        }
        groups.add(((ipv4[0] & 0xff) << 8) | (ipv4[1] & 0xff));
        groups.add(((ipv4[2] & 0xff) << 8) | (ipv4[3] & 0xff));
      } else if (item.matches("[0-9A-Fa-f]{1,4}")) {
        groups.add(Integer.parseInt(item, 16));
      } else {
        return false;
      }
    }
    return true;
  }

  private static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      // getByAddress throws only for an array length other than 4 or 16, and no caller passes one.
      throw new IllegalStateException(e);
    }
  }
}
