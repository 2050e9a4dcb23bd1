package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.spamfree.core.store.TestDatabase;

/**
 * Two packaged nodes sharing one PostgreSQL database on 127.0.0.1, created for this class and
 * dropped after it. Node B reaches the database through a {@link TcpProxy} that the last test
 * stops, so node B loses the database and come back while the shared PostgreSQL server keeps
 * running. Skipped, with a message naming the URL, when no PostgreSQL server answers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedStoreIT {

  @TempDir static Path directory;
  static TestDatabase database;
  static TcpProxy proxy;
  static SmtpSink sink;
  static PackagedServer nodeA;
  static PackagedServer nodeB;

  @BeforeAll
  static void startNodes() throws Exception {
    database = TestDatabase.postgresql();
    proxy = new TcpProxy(PackagedServer.freePort(), 5432).start();
    sink = new SmtpSink(0);
    nodeA = node("a", database.url, "connect");
    nodeB = node("b", database.url.replace(":5432/", ":" + proxy.port() + "/"), "mail");
  }

  private static PackagedServer node(String name, String url, String blocklistAction)
      throws Exception {
    Map<String, String> properties = StoreIT.storeProperties();
    properties.put("blocklist.action", blocklistAction);
    properties.put("store.url", url);
    properties.put("store.user", database.user);
    properties.put("store.retry.interval", "500");
    properties.put("burst.connections", "0");
    Path home = directory.resolve(name);
    Files.createDirectories(home);
    return PackagedServer.create(home)
        .properties(properties)
        .env("SPAMFREE_NEXT_HOP", "127.0.0.1:" + sink.port())
        .start();
  }

  @AfterAll
  static void stopNodes() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {nodeA, nodeB, sink, proxy}) {
      if (closeable != null) {
        closeable.close();
      }
    }
    if (database != null) {
      database.drop();
    }
  }

  @Test
  @Order(1)
  void trapHitOnOneNodeBlocksOnOther() throws Exception {
    try (SmtpClient client = new SmtpClient("127.0.0.41", nodeA.smtpPort)) {
      client.command("EHLO mail.sender.example");
      SmtpClient.Reply reply =
          client.send(
              "spammer@sender.example",
              List.of("old-user@spamfree.test"),
              SmtpClient.message("shared trap hit"));
      assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    }

    SmtpClient.Reply reply = awaitMailReply(nodeB, "127.0.0.41", 550, Duration.ofSeconds(15));

    assertThat(reply.code()).as(reply.toString()).isEqualTo(550);
    assertThat(reply.text()).contains("local blocklist");
  }

  @Test
  @Order(2)
  void blocklistedClientRefusedAtConnect() throws Exception {
    try (SmtpClient client = new SmtpClient("127.0.0.41", nodeA.smtpPort)) {
      // James sends its greeting before the connect handlers run, so 554 follows the 220.
      SmtpClient.Reply reply = client.greeting.code() == 220 ? client.readReply() : client.greeting;

      assertThat(reply.code()).as(reply.toString()).isEqualTo(554);
      assertThat(reply.text()).contains("5.7.1").contains("local blocklist");
    }
  }

  @Test
  @Order(3)
  void heloNamesOfBothNodesCountTogether() throws Exception {
    send(nodeA, "127.0.0.42", "one.sender.example", "shared helo 1");
    send(nodeB, "127.0.0.42", "two.sender.example", "shared helo 2");
    // Wait for both nodes' writes and the cache of node A to expire.
    Thread.sleep(1500);

    String status = send(nodeA, "127.0.0.42", "three.sender.example", "shared helo 3");

    assertThat(status).contains("IP_HELO_NAMES_3");
  }

  @Test
  @Order(4)
  void statisticsAddUpOverNodes() throws Exception {
    Thread.sleep(1000);
    StoreAdminClient.Answer history =
        new StoreAdminClient(nodeB.webadminPort).get("/addresses/127.0.0.42");

    assertThat(history.body()).contains("\"connections\":3");
  }

  @Test
  @Order(5)
  void smtpAnswersWhileDatabaseUnreachable() throws Exception {
    proxy.stop();
    try {
      Instant started = Instant.now();
      String status = send(nodeB, "127.0.0.43", "mail.sender.example", "database down");
      Duration elapsed = Duration.between(started, Instant.now());

      assertThat(status).contains("LOCAL_BLOCKLIST_FAIL").contains("IP_HELO_NAMES_FAIL");
      // Generous bound: the store timeout is 500 ms per read, and nothing else waits.
      assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
      assertThat(nodeB.log()).contains("Store unavailable");
    } finally {
      proxy.start();
    }

    String status = awaitCleanStatus(nodeB, "127.0.0.44", Duration.ofSeconds(20));
    assertThat(status).doesNotContain("_FAIL");
  }

  private static String awaitCleanStatus(PackagedServer node, String source, Duration timeout)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    String status;
    int attempt = 0;
    do {
      Thread.sleep(500);
      attempt++;
      status = send(node, source, "mail.sender.example", "database back " + attempt);
    } while (status.contains("_FAIL") && Instant.now().isBefore(deadline));
    return status;
  }

  private static SmtpClient.Reply awaitMailReply(
      PackagedServer node, String source, int expected, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    SmtpClient.Reply reply;
    do {
      try (SmtpClient client = new SmtpClient(source, node.smtpPort)) {
        client.command("EHLO mail.sender.example");
        reply = client.command("MAIL FROM:<someone@sender.example>");
      }
      if (reply.code() != expected) {
        Thread.sleep(250);
      }
    } while (reply.code() != expected && Instant.now().isBefore(deadline));
    return reply;
  }

  private static String send(PackagedServer node, String source, String helo, String subject)
      throws Exception {
    try (SmtpClient client = new SmtpClient(source, node.smtpPort)) {
      client.command("EHLO " + helo);
      SmtpClient.Reply reply =
          client.send(
              "sender@sender.example",
              List.of("someone@spamfree.test"),
              SmtpClient.message(subject));
      assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    }
    return sink.awaitSubject(subject, Duration.ofSeconds(30)).header("X-Spam-Status");
  }
}
