package org.spamfree.core.clamav;

import com.google.common.net.InetAddresses;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Address of one clamd server: {@code tcp:HOST:PORT} ({@code tcp:[2001:db8::10]:3310} for IPv6) or
 * {@code unix:/run/clamav/clamd.ctl}. TCP hosts must be IP addresses, so that reaching the scanner
 * never depends on DNS.
 *
 * @param text the configured form, used in logs and errors
 * @param address the socket address to connect to
 */
public record ClamdEndpoint(String text, SocketAddress address) {

  private static final Pattern TCP = Pattern.compile("tcp:(\\[[0-9A-Fa-f:.]+]|[0-9.]+):(\\d{1,5})");

  public ClamdEndpoint {
    Objects.requireNonNull(text, "text must not be null");
    Objects.requireNonNull(address, "address must not be null");
  }

  /**
   * Parses {@code tcp:IP:PORT} or {@code unix:/ABSOLUTE/PATH}.
   *
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  public static ClamdEndpoint parse(String value) {
    String trimmed = value.trim();
    if (trimmed.startsWith("unix:")) {
      String path = trimmed.substring("unix:".length());
      if (!path.startsWith("/") || path.length() < 2) {
        throw invalid(value, "the unix socket path must be absolute");
      }
      return new ClamdEndpoint(trimmed, UnixDomainSocketAddress.of(Path.of(path)));
    }
    Matcher tcp = TCP.matcher(trimmed);
    if (!tcp.matches()) {
      throw invalid(value, "expected tcp:IP:PORT or unix:/PATH");
    }
    String host = tcp.group(1);
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(tcp.group(2));
    if (!InetAddresses.isInetAddress(host) || port < 1 || port > 65535) {
      throw invalid(value, "expected an IP address and a port from 1 to 65535");
    }
    return new ClamdEndpoint(trimmed, new InetSocketAddress(InetAddresses.forString(host), port));
  }

  private static IllegalArgumentException invalid(String value, String reason) {
    return new IllegalArgumentException(
        "invalid clamd address '"
            + value
            + "': "
            + reason
            + ", such as tcp:127.0.0.1:3310 or unix:/run/clamav/clamd.ctl");
  }

  @Override
  public String toString() {
    return text;
  }
}
