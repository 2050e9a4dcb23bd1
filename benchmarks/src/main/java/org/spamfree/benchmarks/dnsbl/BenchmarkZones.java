package org.spamfree.benchmarks.dnsbl;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The DNS list zones of the benchmark and the NSD configuration that serves them.
 *
 * <p>There are {@value #ZONE_COUNT} IP list zones, {@code zone1.test} to {@code zone4.test}. Each
 * lists every address of 203.0.113.0/24 and 198.51.100.0/24 (RFC 5737 documentation ranges) and the
 * RFC 5782 §5 test address 127.0.0.2, with an A record 127.0.0.2 and a TXT record. The addresses of
 * 192.0.2.0/24 are listed nowhere, so their queries return NXDOMAIN. Every address has its own
 * records, because a wildcard such as {@code *.113.0.203} cannot match reversed names: the varying
 * octet comes first.
 */
final class BenchmarkZones {

  static final int ZONE_COUNT = 4;
  static final String LISTING_CODE = "127.0.0.2";
  static final InetAddress LOOPBACK = address(127, 0, 0, 1);

  private static final int TTL_SECONDS = 300;

  private BenchmarkZones() {}

  /** Returns the zone names, {@code zone1.test} to {@code zone4.test}, in query order. */
  static List<String> zoneNames() {
    List<String> zones = new ArrayList<>();
    for (int number = 1; number <= ZONE_COUNT; number++) {
      zones.add("zone" + number + ".test");
    }
    return zones;
  }

  /** Returns the 512 addresses that every zone lists: 203.0.113.0/24, then 198.51.100.0/24. */
  static List<InetAddress> listedAddresses() {
    List<InetAddress> addresses = new ArrayList<>(network(203, 0, 113));
    addresses.addAll(network(198, 51, 100));
    return addresses;
  }

  /** Returns the 256 addresses of 192.0.2.0/24, which no zone lists. */
  static List<InetAddress> unlistedAddresses() {
    return network(192, 0, 2);
  }

  /** Returns the TXT text that {@code zone} returns for a listed {@code address}. */
  static String reason(String zone, InetAddress address) {
    return zone + " lists " + address.getHostAddress() + " for the benchmark";
  }

  /** Returns the zone file of {@code zone} in RFC 1035 master file format. */
  static String zoneFile(String zone) {
    StringBuilder file = new StringBuilder();
    file.append("$ORIGIN ").append(zone).append(".\n");
    file.append("$TTL ").append(TTL_SECONDS).append('\n');
    file.append("@ IN SOA ns.")
        .append(zone)
        .append(". hostmaster.")
        .append(zone)
        .append(". 1 3600 600 86400 60\n");
    file.append("@ IN NS ns.").append(zone).append(".\n");
    file.append("ns IN A 127.0.0.1\n");
    List<InetAddress> listed = new ArrayList<>();
    listed.add(address(127, 0, 0, 2));
    listed.addAll(listedAddresses());
    for (InetAddress address : listed) {
      String owner = reversed(address);
      file.append(owner).append(" IN A ").append(LISTING_CODE).append('\n');
      file.append(owner).append(" IN TXT \"").append(reason(zone, address)).append("\"\n");
    }
    return file.toString();
  }

  /**
   * Writes the zone files and an NSD configuration that serves them on 127.0.0.1 and a free port
   * into {@code directory}. Returns the port. NSD runs in the foreground with {@code nsd -d -c
   * DIRECTORY/nsd.conf}, and keeps its PID file, database and log in the same directory.
   */
  static int writeNsdFiles(Path directory) throws IOException {
    Files.createDirectories(directory);
    for (String zone : zoneNames()) {
      Files.writeString(
          directory.resolve(zone + ".zone"), zoneFile(zone), StandardCharsets.US_ASCII);
    }
    int port = freeUdpAndTcpPort();
    Files.writeString(
        directory.resolve("nsd.conf"),
        nsdConfiguration(directory, port),
        StandardCharsets.US_ASCII);
    return port;
  }

  static String nsdConfiguration(Path directory, int port) {
    StringBuilder conf = new StringBuilder();
    conf.append("server:\n");
    conf.append("  ip-address: 127.0.0.1\n");
    conf.append("  port: ").append(port).append('\n');
    conf.append("  do-ip6: no\n");
    conf.append("  username: \"\"\n");
    conf.append("  chroot: \"\"\n");
    conf.append("  zonesdir: \"").append(directory).append("\"\n");
    conf.append("  pidfile: \"").append(directory.resolve("nsd.pid")).append("\"\n");
    conf.append("  database: \"\"\n");
    conf.append("  zonelistfile: \"").append(directory.resolve("zone.list")).append("\"\n");
    conf.append("  xfrdfile: \"").append(directory.resolve("xfrd.state")).append("\"\n");
    conf.append("  xfrdir: \"").append(directory).append("\"\n");
    conf.append("  logfile: \"").append(directory.resolve("nsd.log")).append("\"\n");
    conf.append("  server-count: 1\n");
    conf.append("  verbosity: 1\n");
    conf.append("remote-control:\n");
    conf.append("  control-enable: no\n");
    for (String zone : zoneNames()) {
      conf.append("zone:\n");
      conf.append("  name: \"").append(zone).append("\"\n");
      conf.append("  zonefile: \"").append(zone).append(".zone\"\n");
    }
    return conf.toString();
  }

  /** Returns the owner name of an IPv4 address inside a zone: its octets in reverse order. */
  static String reversed(InetAddress address) {
    byte[] bytes = address.getAddress();
    return (bytes[3] & 0xff)
        + "."
        + (bytes[2] & 0xff)
        + "."
        + (bytes[1] & 0xff)
        + "."
        + (bytes[0] & 0xff);
  }

  private static List<InetAddress> network(int first, int second, int third) {
    List<InetAddress> addresses = new ArrayList<>();
    for (int host = 0; host <= 255; host++) {
      addresses.add(address(first, second, third, host));
    }
    return addresses;
  }

  private static InetAddress address(int first, int second, int third, int fourth) {
    try {
      return InetAddress.getByAddress(
          new byte[] {(byte) first, (byte) second, (byte) third, (byte) fourth});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("Four bytes always form an IPv4 address", e);
    }
  }

  /** Finds a port free for both UDP and TCP on 127.0.0.1, since NSD listens on both. */
  private static int freeUdpAndTcpPort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, LOOPBACK)) {
        int candidate = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, candidate))) {
          return candidate;
        } catch (IOException e) {
          // Taken for UDP, so try another port.
        }
      }
    }
    throw new IOException("No port free for both UDP and TCP on 127.0.0.1 after 50 attempts");
  }
}
