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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the packaged server while several clients send mail, then a restart: every
 * message acknowledged with 250 reaches the next hop. The next hop is down while the clients send,
 * so accepted mail waits in the durable queues and no delivery is in progress at the kill.
 *
 * <p>The number of sessions and the load time are bounded by the constants below; the long version
 * of this test runs with the {@code load} Maven profile, which raises them through system
 * properties.
 */
class CrashUnderLoadIT {

  private static final int SESSIONS = Integer.getInteger("spamfree.crash.sessions", 4);
  private static final int ACKNOWLEDGED_BEFORE_KILL =
      Integer.getInteger("spamfree.crash.acknowledged", 60);
  private static final int MESSAGES_PER_CONNECTION = 5;
  private static final Duration LOAD_LIMIT =
      Duration.ofSeconds(Integer.getInteger("spamfree.crash.seconds", 30));

  @TempDir Path directory;

  @Test
  void acknowledgedMailSurvivesKillDuringLoad() throws Exception {
    int nextHopPort = PackagedServer.freePort();
    Map<String, String> properties = new HashMap<>();
    properties.put("local.user.demo@spamfree.test", null);
    PackagedServer server =
        PackagedServer.create(directory)
            .properties(properties)
            .env("SPAMFREE_NEXT_HOP", "127.0.0.1:" + nextHopPort);
    try (server) {
      server.start();
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      Set<String> sent = ConcurrentHashMap.newKeySet();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService clients = Executors.newFixedThreadPool(SESSIONS);
      List<Future<?>> sessions = new ArrayList<>();
      for (int session = 0; session < SESSIONS; session++) {
        int id = session;
        sessions.add(
            clients.submit(() -> sendUntilStopped(server.smtpPort, id, sent, acknowledged, stop)));
      }

      Instant loadDeadline = Instant.now().plus(LOAD_LIMIT);
      while (acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL
          && Instant.now().isBefore(loadDeadline)) {
        Thread.sleep(20);
      }
      server.kill();
      stop.set(true);
      clients.shutdown();
      assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      Set<String> acknowledgedAtKill = Set.copyOf(acknowledged);
      assertThat(acknowledgedAtKill).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);

      try (SmtpSink sink = new SmtpSink(nextHopPort)) {
        server.start();
        awaitSubjects(sink, acknowledgedAtKill, Duration.ofSeconds(120));
        // Wait a little longer so that a late duplicate delivery would show up.
        Thread.sleep(5000);

        Map<String, Long> deliveries = sink.countsBySubject();
        List<String> lost =
            acknowledgedAtKill.stream()
                .filter(subject -> !deliveries.containsKey(subject))
                .sorted()
                .toList();
        Map<String, Long> duplicates =
            deliveries.entrySet().stream()
                .filter(entry -> entry.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        long skipped = server.awaitLogLines("decision=DUPLICATE_SKIPPED", Duration.ZERO).size();
        System.out.printf(
            "kill under load: %d sent, %d acknowledged, %d delivered, %d lost, %d duplicated,"
                + " %d copies skipped%n",
            sent.size(),
            acknowledgedAtKill.size(),
            deliveries.size(),
            lost.size(),
            duplicates.size(),
            skipped);

        assertThat(lost).as("acknowledged messages not delivered").isEmpty();
        assertThat(deliveries.keySet()).as("delivered subjects").isSubsetOf(sent);
        assertThat(duplicates).as("messages delivered more than once").isEmpty();
      }
    }
  }

  /**
   * Sends messages until {@code stop} is set or the server goes away, several per connection, and
   * records the subjects sent and those acknowledged with 250 after DATA.
   */
  private static void sendUntilStopped(
      int port, int session, Set<String> sent, Set<String> acknowledged, AtomicBoolean stop) {
    int index = 0;
    while (!stop.get()) {
      try (SmtpClient client = new SmtpClient("127.0.0." + (10 + session), port)) {
        client.command("EHLO mail" + session + ".sender.example");
        for (int count = 0; count < MESSAGES_PER_CONNECTION && !stop.get(); count++) {
          String subject = "load " + session + "-" + index++;
          sent.add(subject);
          SmtpClient.Reply reply =
              client.send(
                  "sender@sender.example",
                  List.of("someone@spamfree.test"),
                  SmtpClient.message(subject));
          if (reply.code() == 250) {
            acknowledged.add(subject);
          }
        }
      } catch (IOException e) {
        // The server was killed in the middle of a session, or refuses connections now.
        if (stop.get()) {
          return;
        }
        sleepQuietly();
      }
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitSubjects(SmtpSink sink, Set<String> subjects, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Set<String> delivered =
          sink.messages().stream()
              .map(message -> String.valueOf(message.header("Subject")))
              .collect(Collectors.toSet());
      if (delivered.containsAll(subjects)) {
        return;
      }
      Thread.sleep(200);
    }
  }
}
