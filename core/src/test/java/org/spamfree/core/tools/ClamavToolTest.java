package org.spamfree.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.spamfree.core.clamav.ClamavSettings;
import org.spamfree.core.clamav.ClamdEndpoint;
import org.spamfree.core.clamav.ClamdServer;
import org.spamfree.core.clamav.SilentClamdServer;
import org.spamfree.core.clamav.TestSignatures;

class ClamavToolTest {

  @RegisterExtension static final ClamdServer CLAMD = ClamdServer.create();

  @TempDir Path directory;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void serversPrintPongAndVersion() {
    int exit = run(settings(CLAMD.tcpEndpoint(), CLAMD.unixEndpoint()), "clamav");

    assertThat(exit).isZero();
    assertThat(output()).contains(CLAMD.tcpEndpoint() + "  PONG  ClamAV ");
    assertThat(output()).contains(CLAMD.unixEndpoint() + "  PONG  ClamAV ");
  }

  @Test
  void silentServerIsReportedFailed() throws IOException {
    try (SilentClamdServer silent = new SilentClamdServer()) {
      int exit = run(settings(silent.endpoint()), "clamav");

      assertThat(exit).isEqualTo(ClamavTool.EXIT_FAILURE);
      assertThat(output()).contains(silent.endpoint() + "  FAILED");
    }
  }

  @Test
  void infectedFileNamesSignature() throws IOException {
    Path file = Files.write(directory.resolve("sample.txt"), TestSignatures.eicar());

    int exit = run(settings(CLAMD.tcpEndpoint()), "clamav", file.toString());

    assertThat(exit).isEqualTo(ClamavTool.EXIT_VIRUS);
    assertThat(output()).contains("VIRUS " + TestSignatures.EICAR_SIGNATURE);
  }

  @Test
  void cleanFileIsClean() throws IOException {
    Path file = Files.writeString(directory.resolve("clean.txt"), "nothing here");

    int exit = run(settings(CLAMD.unixEndpoint()), "clamav", file.toString());

    assertThat(exit).isZero();
    assertThat(output()).contains("CLEAN");
  }

  @Test
  void scanningOffIsConfigurationError() {
    int exit = run(ClamavSettings.disabled(), "clamav");

    assertThat(exit).isEqualTo(ClamavTool.EXIT_CONFIGURATION);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("clamav.servers");
  }

  @Test
  void missingFileIsUsageError() {
    int exit = run(settings(CLAMD.tcpEndpoint()), "clamav", directory.resolve("none").toString());

    assertThat(exit).isEqualTo(ClamavTool.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read");
  }

  private int run(ClamavSettings settings, String... args) {
    return ClamavTool.run(
        args,
        settings,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private static ClamavSettings settings(ClamdEndpoint... servers) {
    ClamavSettings defaults = ClamavSettings.disabled();
    return new ClamavSettings(
        List.of(servers),
        Duration.ofSeconds(1),
        Duration.ofMillis(500),
        defaults.replyTimeoutPerMib(),
        defaults.streamMaxLength(),
        defaults.onFailure(),
        defaults.onOversize(),
        0,
        defaults.idleTimeout(),
        defaults.retryAfter());
  }
}
