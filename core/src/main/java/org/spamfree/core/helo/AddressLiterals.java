package org.spamfree.core.helo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import org.spamfree.core.net.IpAddresses;

/**
 * Strict parser for the address literals of RFC 5321 §4.1.3 and for bare IPv4 and IPv6 addresses.
 *
 * <p>It exists because {@link InetAddress#getByName} and Guava's {@code InetAddresses} accept forms
 * that RFC 5321 forbids in an SMTP command, such as zone ids ({@code fe80::1%eth0}), and {@code
 * getByName} may query DNS. This parser accepts only ASCII digits and hex digits, never resolves a
 * name and never throws on malformed input.
 */
final class AddressLiterals {

  private static final int IPV6_GROUPS = 8;
  private static final int IPV6_GROUPS_BEFORE_IPV4 = 6;
  private static final int MAX_HEX_DIGITS_PER_GROUP = 4;
  private static final int MAX_DIGITS_PER_OCTET = 3;
  private static final String IPV6_TAG = "IPv6";

  /** Text forms of IPv6 addresses, which differ in how many groups {@code ::} may stand for. */
  enum Ipv6Grammar {
    /**
     * RFC 5321 §4.1.3 ({@code IPv6-comp}, {@code IPv6v4-comp}): {@code ::} stands for at least two
     * zero groups, so at most 6 explicit groups may sit beside it, or 4 beside an IPv4 tail.
     */
    RFC_5321,
    /** RFC 4291 §2.2: {@code ::} may stand for a single zero group. Zone ids are still rejected. */
    RFC_4291
  }

  /** Outcome of {@link #parseLiteral}. */
  sealed interface LiteralParse permits ValidLiteral, InvalidLiteral {}

  /** A valid literal, with its address in the form that {@link #normalise} returns. */
  record ValidLiteral(InetAddress address) implements LiteralParse {}

  /**
   * An invalid literal.
   *
   * @param problem what is wrong, as a sentence fragment that quotes none of the input, so callers
   *     can log it without sanitising it
   */
  record InvalidLiteral(String problem) implements LiteralParse {}

  private AddressLiterals() {}

  /**
   * Parses {@code text} as an RFC 5321 §4.1.3 {@code address-literal}, brackets included. The
   * {@code IPv6:} tag matches in any case, because RFC 5234 §2.3 makes ABNF quoted strings
   * case-insensitive. Every General-address-literal is invalid, because {@code IPv6} is the only
   * standardised tag.
   */
  static LiteralParse parseLiteral(String text) {
    if (!text.startsWith("[") || !text.endsWith("]") || text.length() < 2) {
      return new InvalidLiteral("an address literal must be enclosed in '[' and ']'");
    }
    String content = text.substring(1, text.length() - 1);
    if (content.isEmpty()) {
      return new InvalidLiteral("the address literal is empty");
    }

    int colon = content.indexOf(':');
    if (colon < 0) {
      return parseIpv4(content)
          .<LiteralParse>map(ValidLiteral::new)
          .orElseGet(
              () ->
                  new InvalidLiteral(
                      "an IPv4 address literal must be four decimal numbers from 0 to 255"));
    }

    String tag = content.substring(0, colon);
    String address = content.substring(colon + 1);
    if (tag.equalsIgnoreCase(IPV6_TAG)) {
      return parseIpv6(address, Ipv6Grammar.RFC_5321)
          .<LiteralParse>map(ValidLiteral::new)
          .orElseGet(
              () ->
                  new InvalidLiteral(
                      "the address after 'IPv6:' matches none of the RFC 5321 IPv6 forms"));
    }
    if (parseIpv6(content, Ipv6Grammar.RFC_4291).isPresent()) {
      return new InvalidLiteral("an IPv6 address literal must start with the 'IPv6:' tag");
    }
    return new InvalidLiteral("the address literal has no standardised tag, only 'IPv6:' is one");
  }

  /**
   * Parses a dotted-quad IPv4 address: four {@code Snum} of 1 to 3 decimal digits, each from 0 to
   * 255 (RFC 5321 §4.1.3). Leading zeros are read as decimal, as the {@code Snum} rule defines
   * them, never as octal.
   */
  static Optional<InetAddress> parseIpv4(String text) {
    byte[] octets = parseIpv4Octets(text);
    return octets == null ? Optional.empty() : Optional.of(toInetAddress(octets));
  }

  /**
   * Parses an IPv6 address in one of the four RFC 5321 forms, IPv6-full, IPv6-comp, IPv6v4-full and
   * IPv6v4-comp, with the group-count limits of {@code grammar}. An IPv4-mapped address is returned
   * as the {@link java.net.Inet4Address} it maps.
   */
  static Optional<InetAddress> parseIpv6(String text, Ipv6Grammar grammar) {
    byte[] bytes = parseIpv6Bytes(text, grammar);
    return bytes == null ? Optional.empty() : Optional.of(toInetAddress(bytes));
  }

  /**
   * Returns {@code address} without its host name and scope id, with an IPv4-mapped IPv6 address
   * ({@code ::ffff:192.0.2.1}) turned into the IPv4 address it maps. A dual-stack socket reports
   * IPv4 clients in the mapped form, and the client may write either form in its HELO.
   */
  static InetAddress normalise(InetAddress address) {
    return IpAddresses.canonical(address);
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  /** Returns the 4 octets, or null when {@code text} is not a dotted quad. */
  private static byte[] parseIpv4Octets(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] octets = new byte[4];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > MAX_DIGITS_PER_OCTET || !isAsciiDigits(part)) {
        return null;
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return null;
      }
      octets[i] = (byte) value;
    }
    return octets;
  }

  /**
   * Returns the 16 address bytes, or null when {@code text} is not an IPv6 address of {@code
   * grammar}.
   */
  private static byte[] parseIpv6Bytes(String text, Ipv6Grammar grammar) {
    int lastColon = text.lastIndexOf(':');
    if (lastColon < 0) {
      return null;
    }

    // IPv6v4-full and IPv6v4-comp end in a dotted quad, which takes the place of the last two
    // groups.
    byte[] ipv4Tail = null;
    String hexPart = text;
    String tail = text.substring(lastColon + 1);
    if (tail.indexOf('.') >= 0) {
      ipv4Tail = parseIpv4Octets(tail);
      if (ipv4Tail == null) {
        return null;
      }
      hexPart = text.substring(0, lastColon + 1);
      // Keep a "::" that directly precedes the IPv4 tail, drop a single ':' separator.
      if (!hexPart.endsWith("::")) {
        hexPart = hexPart.substring(0, hexPart.length() - 1);
      }
    }
    int hexGroupsAvailable = ipv4Tail == null ? IPV6_GROUPS : IPV6_GROUPS_BEFORE_IPV4;

    int doubleColon = hexPart.indexOf("::");
    int[] groups;
    if (doubleColon < 0) {
      groups = parseHexGroups(hexPart);
      if (groups == null || groups.length != hexGroupsAvailable) {
        return null;
      }
    } else {
      if (hexPart.indexOf("::", doubleColon + 1) >= 0) {
        return null;
      }
      int[] left = parseHexGroups(hexPart.substring(0, doubleColon));
      int[] right = parseHexGroups(hexPart.substring(doubleColon + 2));
      if (left == null || right == null) {
        return null;
      }
      int explicitGroups = left.length + right.length;
      // RFC 5321 makes "::" stand for at least two groups, RFC 4291 for at least one.
      int minimumCompressed = grammar == Ipv6Grammar.RFC_5321 ? 2 : 1;
      if (explicitGroups > hexGroupsAvailable - minimumCompressed) {
        return null;
      }
      groups = new int[hexGroupsAvailable];
      System.arraycopy(left, 0, groups, 0, left.length);
      System.arraycopy(right, 0, groups, hexGroupsAvailable - right.length, right.length);
    }

    byte[] bytes = new byte[16];
    for (int i = 0; i < groups.length; i++) {
      bytes[2 * i] = (byte) (groups[i] >>> 8);
      bytes[2 * i + 1] = (byte) groups[i];
    }
    if (ipv4Tail != null) {
      System.arraycopy(ipv4Tail, 0, bytes, 12, 4);
    }
    return bytes;
  }

  /**
   * Parses colon-separated {@code IPv6-hex} groups of 1 to 4 hex digits. Returns an empty array for
   * an empty string, and null when a group is empty or not hex.
   */
  private static int[] parseHexGroups(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String[] parts = text.split(":", -1);
    int[] groups = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > MAX_HEX_DIGITS_PER_GROUP || !isAsciiHex(part)) {
        return null;
      }
      groups[i] = Integer.parseInt(part, 16);
    }
    return groups;
  }

  // Character.isDigit and Character.digit accept non-ASCII digits such as U+FF11, which RFC 5321
  // does not, so both checks compare against ASCII ranges.
  private static boolean isAsciiDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiHex(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the address of {@code bytes} without host name or scope id, with an IPv4-mapped IPv6
   * address turned into the {@link java.net.Inet4Address} it maps.
   */
  private static InetAddress toInetAddress(byte[] bytes) {
    byte[] address =
        bytes.length == 16 && isIpv4Mapped(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
    try {
      // getByAddress only checks the array length and never queries DNS.
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(
          "Address of " + bytes.length + " bytes, expected 4 or 16 bytes", e);
    }
  }
}
