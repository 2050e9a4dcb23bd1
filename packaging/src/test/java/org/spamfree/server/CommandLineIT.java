package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/spamfree} as an administrator uses it, including the errors it must explain. */
class CommandLineIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path directory;

  @Test
  void versionNamesSpamfreeAndJames() throws Exception {
    PackagedServer.CommandResult result =
        PackagedServer.create(directory).runCommand(TIMEOUT, "--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.output()).startsWith("Spamfree 0.1.0").contains("Apache James 3.8.1");
  }

  @Test
  void helpListsCommandsAndOverrides() throws Exception {
    PackagedServer.CommandResult result =
        PackagedServer.create(directory).runCommand(TIMEOUT, "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.output())
        .contains("run", "start", "stop", "status")
        .contains("SPAMFREE_BIND", "SPAMFREE_SMTP_PORT", "SPAMFREE_WEBADMIN_PORT")
        .contains("SPAMFREE_IMAP_PORT", "SPAMFREE_DNS_SERVERS", "SPAMFREE_NEXT_HOP");
  }

  @Test
  void unknownCommandRejected() throws Exception {
    PackagedServer.CommandResult result =
        PackagedServer.create(directory).runCommand(TIMEOUT, "launch");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains("unknown command 'launch'");
  }

  @Test
  void invalidPortVariableStopsStartup() throws Exception {
    PackagedServer.CommandResult result =
        PackagedServer.create(directory)
            .env("SPAMFREE_SMTP_PORT", "25x")
            .runCommand(TIMEOUT, "run");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output())
        .contains("SPAMFREE_SMTP_PORT")
        .contains("'25x'")
        .contains("1 to 65535");
  }

  @Test
  void invalidNextHopVariableStopsStartup() throws Exception {
    PackagedServer.CommandResult result =
        PackagedServer.create(directory)
            .env("SPAMFREE_NEXT_HOP", "relay.example")
            .runCommand(TIMEOUT, "run");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output())
        .contains("SPAMFREE_NEXT_HOP")
        .contains("relay.example")
        .contains("host:port");
  }

  @Test
  void invalidSettingStopsStartupNamingFileKeyAndValue() throws Exception {
    PackagedServer.CommandResult result =
        PackagedServer.create(directory)
            .properties(Map.of("policy.default.reject", "lots"))
            .runCommand(TIMEOUT, "run");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output())
        .contains("spamfree: invalid configuration")
        .contains("spamfree.properties")
        .contains("'policy.default.reject'")
        .contains("'lots'")
        .contains("a number such as 10.0, or 'off'");
  }

  @Test
  void unknownSettingStopsStartup() throws Exception {
    PackagedServer.CommandResult result =
        PackagedServer.create(directory)
            .properties(Map.of("policy.default.rejcet", "12"))
            .runCommand(TIMEOUT, "run");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output()).contains("Unknown key 'policy.default.rejcet'");
  }

  @Test
  void portInUseStopsStartup() throws Exception {
    PackagedServer server = PackagedServer.create(directory);
    try (ServerSocket taken =
        new ServerSocket(server.smtpPort, 1, InetAddress.getByName("127.0.0.1"))) {
      PackagedServer.CommandResult result = server.runCommand(TIMEOUT, "run");

      assertThat(result.exitCode()).isEqualTo(3);
      assertThat(result.output())
          .contains("port " + server.smtpPort)
          .contains("SPAMFREE_SMTP_PORT")
          .contains("free port");
    }
  }

  @Test
  void bindAddressNotOnHostReported() throws Exception {
    PackagedServer.CommandResult result =
        PackagedServer.create(directory)
            .env("SPAMFREE_BIND", "192.0.2.1")
            .runCommand(TIMEOUT, "run");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output())
        .contains("192.0.2.1")
        .contains("not on this host")
        .contains("SPAMFREE_BIND");
  }

  @Test
  void invalidStartTimeoutRejected() throws Exception {
    PackagedServer.CommandResult result =
        PackagedServer.create(directory)
            .env("SPAMFREE_START_TIMEOUT", "10s")
            .runCommand(TIMEOUT, "start");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output()).contains("SPAMFREE_START_TIMEOUT").contains("'10s'");
  }

  @Test
  void stalePidFileOfOtherProcessIgnored() throws Exception {
    PackagedServer server = PackagedServer.create(directory);
    Process other = new ProcessBuilder("sleep", "60").start();
    try {
      java.nio.file.Files.writeString(
          server.home.resolve("var/spamfree.pid"), Long.toString(other.pid()));

      PackagedServer.CommandResult status = server.runCommand(TIMEOUT, "status");
      PackagedServer.CommandResult stop = server.runCommand(TIMEOUT, "stop");

      assertThat(status.exitCode()).isEqualTo(5);
      assertThat(stop.exitCode()).isEqualTo(5);
      assertThat(other.isAlive()).isTrue();
    } finally {
      other.destroy();
    }
  }

  @Test
  void secondServerOnSameDistributionRefused() throws Exception {
    PackagedServer server = PackagedServer.create(directory);
    try (server) {
      server.start();
      int[] ports = PackagedServer.freePorts(3);
      PackagedServer.CommandResult second =
          server
              .env("SPAMFREE_SMTP_PORT", Integer.toString(ports[0]))
              .env("SPAMFREE_WEBADMIN_PORT", Integer.toString(ports[1]))
              .env("SPAMFREE_IMAP_PORT", Integer.toString(ports[2]))
              .runCommand(TIMEOUT, "run");

      assertThat(second.exitCode()).isEqualTo(3);
      assertThat(second.output()).contains("another Spamfree server uses");
    }
  }

  @Test
  void missingJavaReported() throws Exception {
    PackagedServer.CommandResult result =
        PackagedServer.create(directory)
            .env("JAVA_HOME", directory.resolve("no-such-java").toString())
            .runCommand(TIMEOUT, "run");

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.output()).contains("JAVA_HOME").contains("Java 17");
  }

  @Test
  void startStatusStopCycle() throws Exception {
    PackagedServer server = PackagedServer.create(directory);

    PackagedServer.CommandResult start = server.runCommand(TIMEOUT, "start");
    try {
      assertThat(start.exitCode()).as(start.output()).isZero();
      assertThat(start.output()).contains("Spamfree started with process id");
      PackagedServer.CommandResult status = server.runCommand(TIMEOUT, "status");
      assertThat(status.exitCode()).isZero();
      assertThat(status.output()).contains("is running");
      PackagedServer.CommandResult secondStart = server.runCommand(TIMEOUT, "start");
      assertThat(secondStart.exitCode()).isEqualTo(1);
      assertThat(secondStart.output()).contains("already running");
      try (SmtpClient client = new SmtpClient("127.0.0.2", server.smtpPort)) {
        assertThat(client.greeting.code()).isEqualTo(220);
      }
    } finally {
      PackagedServer.CommandResult stop = server.runCommand(TIMEOUT, "stop");
      assertThat(stop.exitCode()).as(stop.output()).isZero();
    }

    assertThat(server.log()).contains("JAMES server stopped");
    // A clean start and stop leaves no ERROR line, so alerting on ERROR stays quiet.
    assertThat(server.log().lines().filter(line -> line.contains(" ERROR ")))
        .as("ERROR lines of a clean start and stop")
        .isEmpty();
    // The README names the WARN lines of a start: Flyway's about H2, and the one of local mode.
    assertThat(
            server
                .log()
                .lines()
                .filter(line -> line.contains(" WARN "))
                .filter(line -> !line.contains("Flyway upgrade recommended"))
                .filter(line -> !line.contains("No next hop")))
        .as("WARN lines of a clean start and stop")
        .isEmpty();
    PackagedServer.CommandResult status = server.runCommand(TIMEOUT, "status");
    assertThat(status.exitCode()).isEqualTo(5);
    assertThat(status.output()).contains("not running");
  }
}
