package org.spamfree.core.dns;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.spamfree.core.config.HostPort;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A JUnit 5 extension that runs NSD, the authoritative DNS server from Debian's {@code nsd}
 * package, on 127.0.0.1 and a free port, serving zone files from the test resources under {@code
 * /zones/NAME.zone}. Tests send DNS only to this server, never to the machine's resolver.
 *
 * <p>NSD answers REFUSED for names outside its zones, which tests use as a refusing server. {@code
 * scripts/test} installs NSD; without it the extension fails with the command to run.
 */
public final class NsdServer implements BeforeAllCallback, AfterAllCallback {

  private static final List<Path> NSD_BINARIES =
      List.of(Path.of("/usr/sbin/nsd"), Path.of("/usr/bin/nsd"));
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final List<String> zones;
  private Path directory;
  private Process process;
  private int port;

  private NsdServer(List<String> zones) {
    this.zones = zones;
  }

  /** Serves the given zones, each read from {@code /zones/ZONE.zone} on the test class path. */
  public static NsdServer serving(String... zones) {
    return new NsdServer(List.of(zones));
  }

  public int port() {
    return port;
  }

  /** Returns this server as a {@code dns.servers} entry. */
  public HostPort hostPort() {
    return HostPort.parse("127.0.0.1:" + port);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path binary =
        NSD_BINARIES.stream()
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "NSD is not installed, and the DNS tests need it. Run scripts/test, which"
                            + " installs it, or: apt-get install nsd"));
    directory = Files.createTempDirectory("spamfree-nsd");
    port = freeUdpAndTcpPort();
    for (String zone : zones) {
      try (InputStream input = NsdServer.class.getResourceAsStream("/zones/" + zone + ".zone")) {
        if (input == null) {
          throw new IllegalStateException("Missing test zone file /zones/" + zone + ".zone");
        }
        Files.copy(input, directory.resolve(zone + ".zone"));
      }
    }
    Path configuration = directory.resolve("nsd.conf");
    Files.writeString(configuration, configuration(), StandardCharsets.US_ASCII);

    process =
        new ProcessBuilder(binary.toString(), "-d", "-c", configuration.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("nsd.out").toFile())
            .start();
    awaitAnswering();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private String configuration() {
    StringBuilder conf = new StringBuilder();
    conf.append("server:\n")
        .append("  ip-address: 127.0.0.1\n")
        .append("  port: ")
        .append(port)
        .append('\n')
        .append("  do-ip6: no\n")
        .append("  username: \"\"\n")
        .append("  chroot: \"\"\n")
        .append("  zonesdir: \"")
        .append(directory)
        .append("\"\n")
        .append("  pidfile: \"")
        .append(directory.resolve("nsd.pid"))
        .append("\"\n")
        .append("  database: \"\"\n")
        .append("  zonelistfile: \"")
        .append(directory.resolve("zone.list"))
        .append("\"\n")
        .append("  xfrdfile: \"")
        .append(directory.resolve("xfrd.state"))
        .append("\"\n")
        .append("  xfrdir: \"")
        .append(directory)
        .append("\"\n")
        .append("  logfile: \"")
        .append(directory.resolve("nsd.log"))
        .append("\"\n")
        .append("  server-count: 1\n")
        .append("  verbosity: 1\n")
        .append("remote-control:\n")
        .append("  control-enable: no\n");
    for (String zone : zones) {
      conf.append("zone:\n")
          .append("  name: \"")
          .append(zone)
          .append("\"\n")
          .append("  zonefile: \"")
          .append(zone)
          .append(".zone\"\n");
    }
    return conf.toString();
  }

  /** Waits until NSD answers an SOA query for the first zone over UDP. */
  private void awaitAnswering() throws Exception {
    SimpleResolver probe =
        new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    probe.setTimeout(Duration.ofMillis(300));
    Message query =
        Message.newQuery(
            Record.newRecord(Name.fromString(zones.get(0) + "."), Type.SOA, DClass.IN));
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("NSD exited at start:\n" + log());
      }
      try {
        probe.send(query);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("NSD did not answer within " + START_TIMEOUT + ":\n" + log());
  }

  private String log() throws IOException {
    StringBuilder log = new StringBuilder();
    for (String file : List.of("nsd.out", "nsd.log")) {
      Path path = directory.resolve(file);
      if (Files.exists(path)) {
        log.append(Files.readString(path));
      }
    }
    return log.toString();
  }

  /** Finds a port free for both UDP and TCP on 127.0.0.1, since NSD listens on both. */
  static int freeUdpAndTcpPort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int candidate = tcp.getLocalPort();
        try (DatagramSocket udp =
            new DatagramSocket(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate))) {
          return candidate;
        } catch (IOException e) {
          // Taken for UDP; try another port.
        }
      }
    }
    throw new IOException("No port free for both UDP and TCP on 127.0.0.1 after 50 attempts");
  }
}
