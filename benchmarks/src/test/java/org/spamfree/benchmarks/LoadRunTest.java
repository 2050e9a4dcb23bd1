package org.spamfree.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.spamfree.benchmarks.FakeSmtpServer.ReceivedData;
import org.spamfree.benchmarks.FakeSmtpServer.RejectAt;
import org.spamfree.benchmarks.FakeSmtpServer.Settings;

// Every run here targets a FakeSmtpServer on 127.0.0.1 and is bounded by its message count and a
// time bound of at most 20 s.
@Timeout(60)
class LoadRunTest {
  private static final Pattern LOAD_SEQ = Pattern.compile("^X-Load-Seq: (\\d+)\r\n$");
  private static final Pattern MESSAGE_ID = Pattern.compile("^Message-ID: (<[^>]+>)\r\n$");

  private static LoadOptions.Builder optionsFor(FakeSmtpServer server) {
    return LoadOptions.builder()
        .port(server.port())
        .recipients(List.of("first@spamfree.test", "second@spamfree.test"))
        .maxDuration(Duration.ofSeconds(20))
        .replyTimeout(Duration.ofSeconds(10));
  }

  @Test
  void countsAcceptedAndRejectedMessages() throws Exception {
    try (FakeSmtpServer server =
        FakeSmtpServer.start(Settings.rejectingEvery(5, RejectAt.END_OF_DATA))) {
      LoadOptions options =
          optionsFor(server).sessions(4).messages(20).messagesPerSession(3).build();

      LoadResult result = LoadRun.runQuietly(options);

      assertThat(result.measured().attempted()).isEqualTo(20);
      assertThat(result.measured().accepted()).isEqualTo(16);
      assertThat(result.measured().rejectedByCode()).isEqualTo(Map.of(550, 4L));
      assertThat(result.measured().connectionErrors()).isZero();
      assertThat(result.measured().abandoned()).isZero();
      assertThat(result.latency().count()).isEqualTo(20);
      assertThat(result.latency().maxNanos()).isGreaterThanOrEqualTo(result.latency().p99Nanos());
      assertThat(result.latency().p50Nanos()).isPositive();
      assertThat(result.timeBoundReached()).isFalse();
      assertThat(result.unsentMessages()).isZero();
      assertThat(result.messagesPerSecond()).isPositive();
      // 20 messages at most 3 per connection need at least 7 connections.
      assertThat(result.connectionsOpened()).isBetween(7L, 20L);
      assertThat(server.connections()).isEqualTo((int) result.connectionsOpened());
      assertThat(server.received()).hasSize(20);
    }
  }

  @Test
  void wireHasCrlfAndDotStuffing() throws Exception {
    try (FakeSmtpServer server =
        FakeSmtpServer.start(Settings.rejectingEvery(5, RejectAt.END_OF_DATA))) {
      LoadOptions options =
          optionsFor(server).sessions(3).messages(12).messageSizeBytes(4096).build();

      LoadRun.runQuietly(options);

      assertThat(server.lineEndingViolations()).isEmpty();
      List<ReceivedData> received = server.received();
      assertThat(received).hasSize(12);
      Set<Long> sequences = new HashSet<>();
      Set<String> messageIds = new HashSet<>();
      for (ReceivedData data : received) {
        int stuffedLines = 0;
        ByteArrayOutputStream unstuffed = new ByteArrayOutputStream();
        for (byte[] rawLine : data.rawLines()) {
          String line = new String(rawLine, StandardCharsets.ISO_8859_1);
          if (line.startsWith(".")) {
            // A single leading dot would be read as the start of the terminator or be dropped.
            assertThat(line).startsWith("..");
            stuffedLines++;
            unstuffed.write(rawLine, 1, rawLine.length - 1);
          } else {
            unstuffed.write(rawLine, 0, rawLine.length);
          }
          Matcher sequence = LOAD_SEQ.matcher(line);
          if (sequence.matches()) {
            sequences.add(Long.parseLong(sequence.group(1)));
          }
          Matcher messageId = MESSAGE_ID.matcher(line);
          if (messageId.matches()) {
            messageIds.add(messageId.group(1));
          }
        }
        assertThat(stuffedLines).isPositive();
        assertThat(unstuffed.size()).isEqualTo(4096);
      }
      assertThat(sequences)
          .isEqualTo(LongStream.rangeClosed(1, 12).boxed().collect(Collectors.toSet()));
      assertThat(messageIds).hasSize(12);
    }
  }

  @Test
  void perSessionReusesConnectionWithoutRset() throws Exception {
    try (FakeSmtpServer server =
        FakeSmtpServer.start(Settings.rejectingEvery(5, RejectAt.END_OF_DATA))) {
      LoadOptions options =
          optionsFor(server).sessions(1).messages(7).messagesPerSession(3).build();

      LoadResult result = LoadRun.runQuietly(options);

      assertThat(result.measured().accepted()).isEqualTo(6);
      assertThat(result.measured().rejectedByCode()).isEqualTo(Map.of(550, 1L));
      assertThat(server.connections()).isEqualTo(3);
      // A rejection after the data ends the transaction, so no RSET is needed.
      assertThat(server.rsetCommands()).isZero();
    }
  }

  @Test
  void rcptRejectionEndsAttemptAndSendsRset() throws Exception {
    try (FakeSmtpServer server = FakeSmtpServer.start(Settings.rejectingEvery(5, RejectAt.RCPT))) {
      LoadOptions options =
          optionsFor(server).sessions(1).messages(10).messagesPerSession(5).build();

      LoadResult result = LoadRun.runQuietly(options);

      assertThat(result.measured().attempted()).isEqualTo(10);
      assertThat(result.measured().accepted()).isEqualTo(8);
      assertThat(result.measured().rejectedByCode()).isEqualTo(Map.of(550, 2L));
      assertThat(result.latency().count()).isEqualTo(8);
      assertThat(server.rsetCommands()).isEqualTo(2);
      assertThat(server.connections()).isEqualTo(2);
      assertThat(server.received()).hasSize(8);
    }
  }

  @Test
  void warmupLeftOutOfFigures() throws Exception {
    try (FakeSmtpServer server =
        FakeSmtpServer.start(Settings.rejectingEvery(5, RejectAt.END_OF_DATA))) {
      LoadOptions options = optionsFor(server).sessions(3).warmupMessages(5).messages(10).build();

      LoadResult result = LoadRun.runQuietly(options);

      // The warmup ends before the measured phase starts, so transaction 5 is the last warmup one.
      assertThat(result.warmup().attempted()).isEqualTo(5);
      assertThat(result.warmup().accepted()).isEqualTo(4);
      assertThat(result.measured().attempted()).isEqualTo(10);
      assertThat(result.measured().rejectedByCode()).isEqualTo(Map.of(550, 2L));
      assertThat(result.latency().count()).isEqualTo(10);
      assertThat(server.received()).hasSize(15);
    }
  }

  @Test
  void timeBoundStopsRunWithMessagesLeft() throws Exception {
    try (FakeSmtpServer server = FakeSmtpServer.start(Settings.holdingDataReply())) {
      LoadOptions options =
          optionsFor(server)
              .sessions(2)
              .messages(6)
              .maxDuration(Duration.ofSeconds(1))
              .replyTimeout(Duration.ofSeconds(30))
              .build();

      long start = System.nanoTime();
      LoadResult result = LoadRun.runQuietly(options);
      Duration runTime = Duration.ofNanos(System.nanoTime() - start);

      assertThat(runTime).isLessThan(Duration.ofSeconds(10));
      assertThat(result.timeBoundReached()).isTrue();
      assertThat(result.measured().abandoned()).isEqualTo(2);
      assertThat(result.unsentMessages()).isEqualTo(4);
      assertThat(result.measured().connectionErrors()).isZero();
      assertThat(result.measured().accepted()).isZero();
    }
  }

  @Test
  void replyTimeoutCountsAsConnectionError() throws Exception {
    try (FakeSmtpServer server = FakeSmtpServer.start(Settings.holdingDataReply())) {
      LoadOptions options =
          optionsFor(server).sessions(1).messages(2).replyTimeout(Duration.ofMillis(200)).build();

      LoadResult result = LoadRun.runQuietly(options);

      assertThat(result.measured().connectionErrors()).isEqualTo(2);
      assertThat(result.timeBoundReached()).isFalse();
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void sourcesUsedInTurn() throws Exception {
    InetAddress second = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    InetAddress third = InetAddress.getByAddress(new byte[] {127, 0, 0, 3});
    try (FakeSmtpServer server = FakeSmtpServer.start(Settings.rejectingEvery(0, RejectAt.RCPT))) {
      LoadOptions options =
          optionsFor(server)
              .sessions(1)
              .messages(4)
              .sourceAddresses(List.of(second, third))
              .build();

      LoadResult result = LoadRun.runQuietly(options);

      assertThat(result.measured().accepted()).isEqualTo(4);
      assertThat(server.clientAddresses()).containsExactlyInAnyOrder(second, third);
    }
  }

  @Test
  void noListenerCountsConnectionErrors() throws Exception {
    int closedPort;
    try (ServerSocket probe =
        new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      closedPort = probe.getLocalPort();
    }
    LoadOptions options =
        LoadOptions.builder()
            .port(closedPort)
            .recipients(List.of("rcpt@spamfree.test"))
            .sessions(2)
            .messages(5)
            .maxDuration(Duration.ofSeconds(20))
            .build();

    LoadResult result = LoadRun.runQuietly(options);

    assertThat(result.connectionsOpened()).isZero();
    assertThat(result.measured().connectionErrors()).isEqualTo(5);
    assertThat(result.measured().attempted()).isEqualTo(5);
    assertThat(result.latency().count()).isZero();
  }
}
