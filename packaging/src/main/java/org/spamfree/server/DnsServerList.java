package org.spamfree.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DNS servers that James's own DNS service should query: {@code SPAMFREE_DNS_SERVERS} when set,
 * else {@code dns.servers} of {@code conf/spamfree.properties}, each {@code ip[:port]} or {@code
 * [ipv6]:port}. Spamfree's extension validates the same values in full; this class only reads them,
 * because the server main cannot load the extension's classes.
 */
record DnsServerList(List<InetSocketAddress> addresses) {

  private static final int DNS_PORT = 53;
  private static final Pattern BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::(\\d{1,5}))?");
  private static final Pattern IPV4 =
      Pattern.compile("([0-9]{1,3}(?:\\.[0-9]{1,3}){3})(?::(\\d{1,5}))?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  DnsServerList {
    addresses = List.copyOf(addresses);
  }

  /**
   * Reads the servers.
   *
   * @throws IllegalArgumentException naming the source and the value that is not an IP address
   */
  static DnsServerList read(String environmentValue, Path settingsFile) throws IOException {
    if (environmentValue != null && !environmentValue.isBlank()) {
      return parse("SPAMFREE_DNS_SERVERS", environmentValue);
    }
    if (!Files.exists(settingsFile)) {
      return new DnsServerList(List.of());
    }
    Properties properties = new Properties();
    try (InputStream input = Files.newInputStream(settingsFile)) {
      properties.load(input);
    }
    String value = properties.getProperty("dns.servers", "");
    return parse("dns.servers in " + settingsFile, value);
  }

  static DnsServerList parse(String source, String value) {
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (String entry : value.split(",")) {
      String trimmed = entry.trim();
      if (!trimmed.isEmpty()) {
        addresses.add(address(source, trimmed));
      }
    }
    return new DnsServerList(addresses);
  }

  private static InetSocketAddress address(String source, String entry) {
    String host = null;
    String port = null;
    Matcher bracketed = BRACKETED.matcher(entry);
    Matcher ipv4 = IPV4.matcher(entry);
    if (bracketed.matches()) {
      host = bracketed.group(1);
      port = bracketed.group(2);
    } else if (ipv4.matches()) {
      host = ipv4.group(1);
      port = ipv4.group(2);
    } else if (IPV6.matcher(entry).matches()) {
      host = entry;
    }
    int portNumber = port == null ? DNS_PORT : Integer.parseInt(port);
    if (host != null && portNumber >= 1 && portNumber <= 65535) {
      try {
        // The patterns admit only address literals, so this never queries DNS.
        return new InetSocketAddress(InetAddress.getByName(host), portNumber);
      } catch (UnknownHostException e) {
        // Reported below.
      }
    }
    throw new IllegalArgumentException(
        "Invalid DNS server '"
            + entry
            + "' in "
            + source
            + ": expected an IP address with an optional port, such as 192.0.2.53, 127.0.0.1:5353"
            + " or [2001:db8::53]:53");
  }
}
