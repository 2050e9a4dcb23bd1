package org.spamfree.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the {@code SPAMFREE_*} environment variables, checks them, and turns them into the system
 * properties that the configuration files refer to as {@code ${sys:spamfree.*}}. An unset variable
 * keeps its default; a set one must be valid, or start-up stops with the variable, the value and
 * the accepted form.
 *
 * <p>WebAdmin has its own bind address, loopback by default, because it has no authentication in
 * the default configuration: setting {@code SPAMFREE_BIND=0.0.0.0} for SMTP must not expose it.
 */
final class ServerEnvironment {

  static final String DEFAULT_BIND = "127.0.0.1";
  static final int DEFAULT_SMTP_PORT = 2525;
  static final int DEFAULT_WEBADMIN_PORT = 8000;
  static final int DEFAULT_IMAP_PORT = 1143;

  private static final Pattern IP_LITERAL =
      Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final InetAddress bind;
  private final InetAddress webadminBind;
  private final int smtpPort;
  private final int webadminPort;
  private final int imapPort;
  private final String nextHop;
  private final String dnsServers;

  private ServerEnvironment(Function<String, String> environment) {
    bind = bindAddress(environment, "SPAMFREE_BIND");
    webadminBind = bindAddress(environment, "SPAMFREE_WEBADMIN_BIND");
    smtpPort = port(environment, "SPAMFREE_SMTP_PORT", DEFAULT_SMTP_PORT);
    webadminPort = port(environment, "SPAMFREE_WEBADMIN_PORT", DEFAULT_WEBADMIN_PORT);
    imapPort = port(environment, "SPAMFREE_IMAP_PORT", DEFAULT_IMAP_PORT);
    if (smtpPort == webadminPort || smtpPort == imapPort || webadminPort == imapPort) {
      throw new IllegalArgumentException(
          "SPAMFREE_SMTP_PORT ("
              + smtpPort
              + "), SPAMFREE_WEBADMIN_PORT ("
              + webadminPort
              + ") and SPAMFREE_IMAP_PORT ("
              + imapPort
              + ") must all differ");
    }
    nextHop = trimmed(environment.apply("SPAMFREE_NEXT_HOP"));
    dnsServers = trimmed(environment.apply("SPAMFREE_DNS_SERVERS"));
  }

  /**
   * Reads and checks the variables.
   *
   * @throws IllegalArgumentException naming the variable, its value and the accepted form
   */
  static ServerEnvironment read(Function<String, String> environment) {
    return new ServerEnvironment(environment);
  }

  /** Returns every socket the server listens on, keyed by the variable that sets its port. */
  Map<String, InetSocketAddress> listenAddresses() {
    Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
    addresses.put("SPAMFREE_SMTP_PORT", new InetSocketAddress(bind, smtpPort));
    addresses.put("SPAMFREE_WEBADMIN_PORT", new InetSocketAddress(webadminBind, webadminPort));
    addresses.put("SPAMFREE_IMAP_PORT", new InetSocketAddress(bind, imapPort));
    return addresses;
  }

  /** Sets the system properties that the configuration files interpolate. */
  void export() {
    System.setProperty("spamfree.bind", bind.getHostAddress());
    System.setProperty("spamfree.webadmin.bind", webadminBind.getHostAddress());
    System.setProperty("spamfree.smtp.port", Integer.toString(smtpPort));
    System.setProperty("spamfree.webadmin.port", Integer.toString(webadminPort));
    System.setProperty("spamfree.imap.port", Integer.toString(imapPort));
    System.setProperty("spamfree.next.hop", nextHop);
    System.setProperty("spamfree.dns.servers", dnsServers);
  }

  String describe() {
    return "bind="
        + bind.getHostAddress()
        + " smtpPort="
        + smtpPort
        + " imapPort="
        + imapPort
        + " webadmin="
        + webadminBind.getHostAddress()
        + ":"
        + webadminPort
        + " nextHop="
        + (nextHop.isEmpty() ? "none" : nextHop)
        + " dnsServers="
        + (dnsServers.isEmpty() ? "from spamfree.properties" : dnsServers);
  }

  private static InetAddress bindAddress(Function<String, String> environment, String name) {
    String value = environment.apply(name);
    String address = value == null || value.isBlank() ? DEFAULT_BIND : value.trim();
    // Only literal addresses are accepted, so reading the variable never queries DNS.
    if (IP_LITERAL.matcher(address).matches()) {
      try {
        return InetAddress.getByName(address);
      } catch (UnknownHostException e) {
        // Reported below.
      }
    }
    throw new IllegalArgumentException(
        "Invalid "
            + name
            + " value '"
            + value
            + "': expected an IPv4 or IPv6 address such as 127.0.0.1, 0.0.0.0 or ::1");
  }

  private static int port(Function<String, String> environment, String name, int defaultPort) {
    String value = environment.apply(name);
    if (value == null || value.isBlank()) {
      return defaultPort;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(
        "Invalid " + name + " value '" + value + "': expected a port number from 1 to 65535");
  }

  private static String trimmed(String value) {
    return value == null ? "" : value.trim();
  }
}
