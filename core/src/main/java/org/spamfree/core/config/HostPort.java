package org.spamfree.core.config;

import com.google.common.net.InetAddresses;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code host[:port]} pair from the configuration. IPv6 addresses with a port are written in
 * brackets: {@code [2001:db8::53]:5353}.
 */
public record HostPort(String host, OptionalInt port) {

  private static final Pattern BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::(\\d+))?");
  private static final Pattern HOST_NAME =
      Pattern.compile(
          "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");
  private static final Pattern PLAIN = Pattern.compile("([^:\\[\\]]+)(?::(\\d+))?");
  private static final Pattern BARE_IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  public HostPort {
    Objects.requireNonNull(host, "host must not be null");
    Objects.requireNonNull(port, "port must not be null");
  }

  /**
   * Parses {@code host}, {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port}.
   *
   * @throws IllegalArgumentException with the value and the accepted forms when it does not parse
   */
  public static HostPort parse(String value) {
    String trimmed = value.trim();
    Matcher bracketed = BRACKETED.matcher(trimmed);
    if (bracketed.matches() && isIpv6(bracketed.group(1))) {
      return new HostPort(bracketed.group(1), port(value, bracketed.group(2)));
    }
    if (BARE_IPV6.matcher(trimmed).matches() && isIpv6(trimmed)) {
      return new HostPort(trimmed, OptionalInt.empty());
    }
    Matcher plain = PLAIN.matcher(trimmed);
    if (plain.matches() && HOST_NAME.matcher(plain.group(1)).matches()) {
      return new HostPort(plain.group(1), port(value, plain.group(2)));
    }
    throw new IllegalArgumentException(
        "'"
            + value
            + "' is not host[:port]; examples: 192.0.2.53, mx.example.test:2525, [2001:db8::53]:53");
  }

  public int portOr(int defaultPort) {
    return port.orElse(defaultPort);
  }

  @Override
  public String toString() {
    String shownHost = host.contains(":") ? "[" + host + "]" : host;
    return port.isPresent() ? shownHost + ":" + port.getAsInt() : shownHost;
  }

  /** Parses without DNS: Guava's check only accepts address literals, never host names. */
  private static boolean isIpv6(String text) {
    return text.indexOf(':') >= 0 && InetAddresses.isInetAddress(text);
  }

  private static OptionalInt port(String value, String digits) {
    if (digits == null) {
      return OptionalInt.empty();
    }
    int port;
    try {
      port = Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "'" + value + "' has port " + digits + "; a port is a number from 1 to 65535");
    }
    return OptionalInt.of(port);
  }
}
