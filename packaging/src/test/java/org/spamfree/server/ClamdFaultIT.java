package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.spamfree.core.clamav.ClamdServer;

/**
 * clamd stopped while several clients send mail, then started again. With the default {@code
 * clamav.on.failure = tempfail}, every message gets 250 or 451: none passes unscanned, none is lost
 * after its 250, and the server accepts mail again once clamd is back.
 */
class ClamdFaultIT {

  private static final int SESSIONS = 6;
  private static final Duration PHASE = Duration.ofSeconds(3);

  @RegisterExtension static final ClamdServer CLAMD = ClamdServer.create();

  @TempDir Path directory;

  @Test
  void clamdStopUnderLoadDefersMail() throws Exception {
    Map<String, String> properties = new HashMap<>();
    properties.put("local.user.demo@spamfree.test", null);
    properties.put("clamav.servers", CLAMD.tcpEndpoint().toString());
    properties.put("clamav.reply.timeout", "2000");
    properties.put("clamav.retry.after", "500");
    try (SmtpSink sink = new SmtpSink(0);
        PackagedServer server =
            PackagedServer.create(directory)
                .properties(properties)
                .env("SPAMFREE_NEXT_HOP", "127.0.0.1:" + sink.port())
                .start()) {
      Map<String, Integer> replies = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService clients = Executors.newFixedThreadPool(SESSIONS);
      List<Future<?>> sessions = new ArrayList<>();
      for (int session = 0; session < SESSIONS; session++) {
        int id = session;
        sessions.add(clients.submit(() -> sendUntilStopped(server.smtpPort, id, replies, stop)));
      }

      Thread.sleep(PHASE.toMillis());
      int beforeStop = replies.size();
      CLAMD.stop();
      Thread.sleep(PHASE.toMillis());
      int duringStop = replies.size();
      CLAMD.start();
      Instant recovered = Instant.now().plus(Duration.ofSeconds(30));
      while (Instant.now().isBefore(recovered) && !acceptedSince(replies, duringStop)) {
        Thread.sleep(100);
      }
      Thread.sleep(PHASE.toMillis());
      stop.set(true);
      for (Future<?> session : sessions) {
        session.get();
      }
      clients.shutdown();

      Set<String> accepted = subjectsWith(replies, 250);
      Set<String> deferred = subjectsWith(replies, 451);
      System.out.printf(
          "clamd outage under load: %d answered, %d accepted, %d deferred%n",
          replies.size(), accepted.size(), deferred.size());
      assertThat(beforeStop).as("messages answered before clamd stopped").isPositive();
      assertThat(duringStop).as("messages answered while clamd was down").isGreaterThan(beforeStop);
      assertThat(replies.values()).as("reply codes").containsOnly(250, 451);
      assertThat(deferred).as("messages deferred while clamd was down").isNotEmpty();
      assertThat(acceptedSince(replies, duringStop)).as("accepted after clamd returned").isTrue();

      sink.await(accepted.size(), Duration.ofSeconds(60));
      Map<String, Long> delivered =
          sink.messages().stream()
              .collect(
                  Collectors.groupingBy(
                      message -> String.valueOf(message.header("Subject")), Collectors.counting()));
      assertThat(delivered.keySet()).as("delivered messages").isEqualTo(accepted);
      assertThat(delivered.values()).as("copies of each delivered message").containsOnly(1L);
      assertThat(sink.messages())
          .allSatisfy(message -> assertThat(message.header("X-Virus-Status")).isEqualTo("Clean"));
    }
  }

  /** Sends messages, one per connection, and records each reply code by subject in order. */
  private static void sendUntilStopped(
      int port, int session, Map<String, Integer> replies, AtomicBoolean stop) {
    for (int index = 0; !stop.get(); index++) {
      String subject = String.format("clamd load %d-%05d", session, index);
      try (SmtpClient client = new SmtpClient("127.0.0." + (30 + session), port)) {
        client.command("EHLO mail" + session + ".sender.example");
        SmtpClient.Reply reply =
            client.send(
                "sender@sender.example",
                List.of("someone@spamfree.test"),
                SmtpClient.message(subject));
        replies.put(String.format("%08d %s", replies.size(), subject), reply.code());
      } catch (IOException e) {
        // A connection error is a failure of the server, not of clamd: record it as code 0.
        replies.put(String.format("%08d %s", replies.size(), subject), 0);
      }
    }
  }

  /** Returns whether a message sent after the first {@code count} replies got 250. */
  private static boolean acceptedSince(Map<String, Integer> replies, int count) {
    return replies.entrySet().stream()
        .anyMatch(
            entry ->
                Integer.parseInt(entry.getKey().substring(0, 8)) >= count
                    && entry.getValue() == 250);
  }

  private static Set<String> subjectsWith(Map<String, Integer> replies, int code) {
    return replies.entrySet().stream()
        .filter(entry -> entry.getValue() == code)
        .map(entry -> entry.getKey().substring(9))
        .collect(Collectors.toSet());
  }
}
