package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.spamfree.core.dns.NsdServer;

/**
 * The packaged server while its DNS server fails: NSD serves {@code dnsbl.test} behind a proxy that
 * the test switches from forwarding to dropping every query, then to answering 3 s late, then back.
 * While DNS fails, many sessions at once still get their replies: each lookup ends at its deadline
 * with a failure symbol of score 0, and the policy accepts the mail. When DNS returns, a listed
 * client is rejected again. The tests run in order, since each one switches the proxy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DnsFaultIT {

  private static final int SESSIONS = 12;
  private static final int MESSAGES_PER_SESSION = 2;

  @RegisterExtension static NsdServer nsd = NsdServer.serving("dnsbl.test", "0.0.127.in-addr.arpa");

  @TempDir static Path directory;
  static FaultyDnsProxy proxy;
  static SmtpSink sink;
  static PackagedServer server;

  @BeforeAll
  static void startServer() throws Exception {
    proxy = new FaultyDnsProxy(nsd.port());
    sink = new SmtpSink(0);
    Map<String, String> properties = new HashMap<>();
    properties.put("local.user.demo@spamfree.test", null);
    properties.put("dnsbl.lists", "test");
    properties.put("dnsbl.test.zone", "dnsbl.test");
    properties.put("dnsbl.test.codes", "127.0.0.2=RBL_TEST_SBL");
    properties.put("score.RBL_TEST_SBL", "20.0");
    properties.put("dnsbl.deadline", "1000");
    properties.put("dns.timeout", "500");
    properties.put("dns.deadline", "1000");
    // Without a cache every message queries again, so each phase meets the proxy's current mode.
    properties.put("dns.cache.size", "0");
    properties.put("rdns.enabled", "true");
    server =
        PackagedServer.create(directory)
            .properties(properties)
            .env("SPAMFREE_DNS_SERVERS", "127.0.0.1:" + proxy.port())
            .env("SPAMFREE_NEXT_HOP", "127.0.0.1:" + sink.port())
            .start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
    if (sink != null) {
      sink.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  @Order(1)
  void listedClientRejectedWhileDnsWorks() throws Exception {
    proxy.forward();

    SmtpClient.Reply reply = send("127.0.0.2", "healthy listed");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(550);
    assertThat(reply.text()).contains("RBL_TEST_SBL");
  }

  @Test
  @Order(2)
  void concurrentSessionsAnsweredWhileDnsDropsQueries() throws Exception {
    proxy.drop();

    List<SmtpClient.Reply> replies = sendConcurrently("dropped");

    assertThat(replies).hasSize(SESSIONS * MESSAGES_PER_SESSION);
    assertThat(replies).allSatisfy(reply -> assertThat(reply.code()).isEqualTo(250));
    SmtpSink.Received received = sink.awaitSubject("dropped 0-0", Duration.ofSeconds(30));
    assertThat(received.header("X-Spam-Status")).contains("DNSBL_TEST_FAIL", "RDNS_FAIL");
    assertThat(server.awaitLogLines("did not respond within 500 ms", Duration.ofSeconds(10)))
        .first()
        .asString()
        .contains("WARN")
        .contains("127.0.0.1:" + proxy.port());
  }

  @Test
  @Order(3)
  void listedClientAcceptedWithFailureSymbolWhileDnsDropsQueries() throws Exception {
    proxy.drop();

    SmtpClient.Reply reply = send("127.0.0.2", "dropped listed");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    assertThat(sink.awaitSubject("dropped listed", Duration.ofSeconds(30)).header("X-Spam-Status"))
        .startsWith("No, score=0.0")
        .contains("DNSBL_TEST_FAIL");
  }

  @Test
  @Order(4)
  void concurrentSessionsAnsweredWhileDnsIsSlow() throws Exception {
    proxy.delay(3000);

    List<SmtpClient.Reply> replies = sendConcurrently("slow");

    assertThat(replies).allSatisfy(reply -> assertThat(reply.code()).isEqualTo(250));
    assertThat(sink.awaitSubject("slow 0-0", Duration.ofSeconds(30)).header("X-Spam-Status"))
        .contains("DNSBL_TEST_FAIL");
  }

  @Test
  @Order(5)
  void listedClientRejectedAgainWhenDnsReturns() throws Exception {
    proxy.forward();

    SmtpClient.Reply reply = send("127.0.0.2", "recovered listed");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(550);
    assertThat(reply.text()).contains("RBL_TEST_SBL");
    assertThat(server.awaitLogLines("responds again", Duration.ofSeconds(10))).isNotEmpty();
  }

  private static SmtpClient.Reply send(String source, String subject) throws Exception {
    try (SmtpClient client = new SmtpClient(source, server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      return client.send(
          "sender@sender.example", List.of("someone@spamfree.test"), SmtpClient.message(subject));
    }
  }

  /** Sends from {@link #SESSIONS} clients at once and returns every end-of-DATA reply. */
  private static List<SmtpClient.Reply> sendConcurrently(String label) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(SESSIONS);
    try {
      List<Future<List<SmtpClient.Reply>>> sessions = new ArrayList<>();
      for (int session = 0; session < SESSIONS; session++) {
        int id = session;
        Callable<List<SmtpClient.Reply>> task =
            () -> {
              List<SmtpClient.Reply> replies = new ArrayList<>();
              try (SmtpClient client = new SmtpClient("127.0.0." + (20 + id), server.smtpPort)) {
                client.command("EHLO mail" + id + ".sender.example");
                for (int message = 0; message < MESSAGES_PER_SESSION; message++) {
                  replies.add(
                      client.send(
                          "sender@sender.example",
                          List.of("someone@spamfree.test"),
                          SmtpClient.message(label + " " + id + "-" + message)));
                }
              }
              return replies;
            };
        sessions.add(executor.submit(task));
      }
      List<SmtpClient.Reply> all = new ArrayList<>();
      for (Future<List<SmtpClient.Reply>> session : sessions) {
        all.addAll(session.get());
      }
      return all;
    } finally {
      executor.shutdownNow();
    }
  }
}
