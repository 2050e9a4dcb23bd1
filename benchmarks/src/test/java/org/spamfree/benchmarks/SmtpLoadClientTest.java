package org.spamfree.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.spamfree.benchmarks.FakeSmtpServer.RejectAt;
import org.spamfree.benchmarks.FakeSmtpServer.Settings;

@Timeout(60)
class SmtpLoadClientTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private int run(String... args) throws InterruptedException {
    return SmtpLoadClient.run(
        args,
        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpPrintsUsage() throws Exception {
    int status = run("--help");

    assertThat(status).isEqualTo(0);
    assertThat(out()).startsWith("Usage: ");
    assertThat(out()).contains("--max-seconds S").contains(ResultReport.CSV_COLUMNS);
  }

  @Test
  void invalidOptionExitsWithTwo() throws Exception {
    int status = run("--to", "a@spamfree.test", "--sessions", "zero");

    assertThat(status).isEqualTo(2);
    assertThat(err())
        .contains("Invalid value 'zero' for --sessions: expected an integer from 1 to 1000.");
    assertThat(out()).isEmpty();
  }

  @Test
  void noListenerExitsWithOne() throws Exception {
    int closedPort;
    try (ServerSocket probe =
        new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      closedPort = probe.getLocalPort();
    }

    int status =
        run("--to", "a@spamfree.test", "--port", Integer.toString(closedPort), "--messages", "3");

    assertThat(status).isEqualTo(1);
    assertThat(out()).contains("connection errors: 3");
    assertThat(err()).contains("no connection to 127.0.0.1:" + closedPort);
  }

  @Test
  void runPrintsSummaryAndCsv() throws Exception {
    try (FakeSmtpServer server =
        FakeSmtpServer.start(Settings.rejectingEvery(5, RejectAt.END_OF_DATA))) {
      int status =
          run(
              "--to",
              "a@spamfree.test",
              "--port",
              Integer.toString(server.port()),
              "--sessions",
              "2",
              "--messages",
              "10",
              "--max-seconds",
              "20",
              "--csv");

      assertThat(status).isEqualTo(0);
      String[] lines = out().split("\n");
      assertThat(out()).contains("messages attempted: 10\n");
      assertThat(out()).contains("accepted: 8\n");
      assertThat(out()).containsPattern("(?m)^client CPU ms: [0-9]+$");
      assertThat(out()).contains("rejected: 2 (550=2)\n");
      assertThat(out()).contains("connection errors: 0\n");
      assertThat(out())
          .containsPattern("latency ms: p50=[0-9.]+ p90=[0-9.]+ p99=[0-9.]+ max=[0-9.]+");
      assertThat(out()).contains("time bound of 20 s reached: no\n");
      String[] csv = lines[lines.length - 1].split(",", -1);
      assertThat(csv).hasSize(ResultReport.CSV_COLUMNS.split(",").length);
      assertThat(csv[0]).isEqualTo("10");
      assertThat(csv[1]).isEqualTo("8");
      assertThat(csv[2]).isEqualTo("550=2");
      assertThat(csv[12]).isEqualTo("false");
      assertThat(err()).contains("Starting load run to 127.0.0.1:" + server.port());
    }
  }
}
