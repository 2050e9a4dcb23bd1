package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail acknowledged with 250 survives {@code kill -9}: the next hop is down during the first run,
 * so messages wait in RemoteDelivery's durable outgoing queue. After a SIGKILL and a restart with
 * the next hop up, every acknowledged message arrives exactly once.
 */
class DurableQueueIT {

  private static final int WAITING_FOR_RETRY = 10;
  private static final int JUST_ACKNOWLEDGED = 10;

  @TempDir Path directory;

  @Test
  void acknowledgedMailDeliveredExactlyOnceAfterKill() throws Exception {
    int nextHopPort = PackagedServer.freePort();
    Map<String, String> properties = new HashMap<>();
    properties.put("local.user.demo@spamfree.test", null);
    PackagedServer server =
        PackagedServer.create(directory)
            .properties(properties)
            .env("SPAMFREE_NEXT_HOP", "127.0.0.1:" + nextHopPort);
    try (server) {
      server.start();
      sendMessages(server, 0, WAITING_FOR_RETRY);
      sendMessages(server, WAITING_FOR_RETRY, JUST_ACKNOWLEDGED);
      // Kill only once every message sits in a queue: the spool is empty and RemoteDelivery
      // holds all of them for a retry. A kill while a message moves from one queue to the next
      // can deliver it twice, as James's queues hand messages on at least once.
      WebAdminClient webAdmin = new WebAdminClient(server.webadminPort);
      int expectedWaiting = WAITING_FOR_RETRY + JUST_ACKNOWLEDGED;
      assertThat(
              webAdmin.awaitQueueSizes(
                  "outgoing-next-hop", expectedWaiting, Duration.ofSeconds(60)))
          .as("messages waiting in outgoing-next-hop")
          .isEqualTo(expectedWaiting);
      assertThat(webAdmin.queueSize("spool")).isZero();
      server.kill();

      try (SmtpSink sink = new SmtpSink(nextHopPort)) {
        server.start();
        // WebAdmin closes each queue it looks up, and the route that lists a queue's mails closes
        // it twice. The queues must go on delivering all the same.
        WebAdminClient restarted = new WebAdminClient(server.webadminPort);
        for (String queue : List.of("spool", "outgoing-next-hop")) {
          restarted.queueSize(queue);
          restarted.queueMails(queue);
          restarted.queueMails(queue);
        }
        int expected = WAITING_FOR_RETRY + JUST_ACKNOWLEDGED;
        sink.await(expected, Duration.ofSeconds(90));
        // Wait a little longer so a duplicate delivery would show up.
        Thread.sleep(5000);

        Map<String, Long> deliveries = sink.countsBySubject();
        List<String> subjects =
            java.util.stream.IntStream.range(0, expected)
                .mapToObj(DurableQueueIT::subject)
                .toList();
        assertThat(deliveries.keySet()).containsExactlyInAnyOrderElementsOf(subjects);
        assertThat(deliveries.values()).allMatch(count -> count == 1);
        assertThat(sink.messages()).hasSize(expected);
        assertThat(sink.messages())
            .extracting(
                (Function<SmtpSink.Received, String>) message -> message.header("X-Spam-Flag"))
            .containsOnly("NO");
      }
    }
  }

  private static void sendMessages(PackagedServer server, int first, int count) throws Exception {
    try (SmtpClient client = new SmtpClient("127.0.0.2", server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      for (int index = first; index < first + count; index++) {
        SmtpClient.Reply reply =
            client.send(
                "sender@sender.example",
                List.of("someone@spamfree.test"),
                SmtpClient.message(subject(index)));
        assertThat(reply.code()).as(subject(index) + " -> " + reply).isEqualTo(250);
      }
    }
  }

  private static String subject(int index) {
    return "durable " + index;
  }
}
