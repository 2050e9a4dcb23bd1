package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store checks, the spam traps and the store's WebAdmin routes through the packaged server on
 * its embedded default, the H2 file under {@code var/store/}. Each test uses its own client
 * address, since the store remembers addresses across connections; the last test restarts the
 * server and finds the state again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreIT {

  @TempDir static Path directory;
  static SmtpSink sink;
  static PackagedServer server;
  static StoreAdminClient admin;

  static Map<String, String> storeProperties() {
    Map<String, String> properties = new HashMap<>();
    properties.put("local.user.demo@spamfree.test", null);
    properties.put("helo.history.enabled", "true");
    properties.put("helo.sender.enabled", "true");
    properties.put("burst.connections", "5");
    properties.put("burst.window", "60");
    properties.put("trap.domains", "retired.example.test");
    properties.put("trap.addresses", "old-user@spamfree.test");
    properties.put("blocklist.action", "mail");
    properties.put("store.flush.interval", "100");
    properties.put("store.cache.ttl", "500");
    return properties;
  }

  @BeforeAll
  static void startServer() throws Exception {
    sink = new SmtpSink(0);
    server =
        PackagedServer.create(directory)
            .properties(storeProperties())
            .env("SPAMFREE_NEXT_HOP", "127.0.0.1:" + sink.port())
            .start();
    admin = new StoreAdminClient(server.webadminPort);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
    if (sink != null) {
      sink.close();
    }
  }

  @Test
  @Order(1)
  void extensionJarsHoldNoSecondCopyOfLib() throws Exception {
    Path distribution = PackagedServer.distribution();
    Set<String> lib = artifactNames(distribution.resolve("lib"));
    Set<String> extensions = artifactNames(distribution.resolve("extensions-jars"));

    assertThat(extensions).doesNotContainAnyElementsOf(lib);
    assertThat(extensions)
        .contains("flyway-core", "HikariCP", "h2", "postgresql", "mariadb-java-client");
  }

  /** Returns the artifact names of a directory's jars, without their versions. */
  private static Set<String> artifactNames(Path directory) throws Exception {
    try (Stream<Path> jars = Files.list(directory)) {
      return jars.map(path -> path.getFileName().toString())
          .filter(name -> name.endsWith(".jar"))
          .map(name -> name.replaceAll("-[0-9][^-]*(-[A-Za-z0-9.]+)?\\.jar$", ""))
          .collect(Collectors.toSet());
    }
  }

  @Test
  @Order(2)
  void rotatingHeloNamesScored() throws Exception {
    String status = null;
    for (int i = 1; i <= 3; i++) {
      status = send("127.0.0.21", "host" + i + ".sender.example", "rotating " + i);
    }

    assertThat(status).contains("IP_HELO_NAMES_3");
  }

  @Test
  @Order(3)
  void heloOfOtherDomainThanSenderScored() throws Exception {
    String status = send("127.0.0.22", "mx.provider.example", "other domain");

    assertThat(status).contains("SENDER_HELO_MISMATCH").doesNotContain("IP_HELO_NAMES");
  }

  @Test
  @Order(4)
  void connectionBurstScored() throws Exception {
    String status = null;
    for (int i = 1; i <= 6; i++) {
      status = send("127.0.0.23", "mail.sender.example", "burst " + i);
    }

    assertThat(status).contains("CONNECTION_BURST");
  }

  @Test
  @Order(5)
  void trapHitKeepsMailAndBlocksClient() throws Exception {
    try (SmtpClient client = new SmtpClient("127.0.0.24", server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      SmtpClient.Reply reply =
          client.send(
              "spammer@sender.example",
              List.of("anyone@retired.example.test"),
              SmtpClient.message("trap hit"));
      assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    }
    WebAdminClient webAdmin = new WebAdminClient(server.webadminPort);
    List<String> traps = awaitRepository(webAdmin, "var/mail/traps", 1);
    assertThat(traps).hasSize(1);
    assertThat(traps.get(0)).contains("Subject: trap hit");
    assertThat(sink.messages())
        .noneMatch(message -> message.content().contains("Subject: trap hit"));

    try (SmtpClient client = new SmtpClient("127.0.0.24", server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      SmtpClient.Reply reply = client.command("MAIL FROM:<spammer@sender.example>");
      assertThat(reply.code()).as(reply.toString()).isEqualTo(550);
      assertThat(reply.text()).contains("5.7.1").contains("local blocklist");
    }
  }

  @Test
  @Order(6)
  void blocklistListedAndEditable() throws Exception {
    StoreAdminClient.Answer list = admin.get("/blocklist");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).contains("\"address\":\"127.0.0.24\"").contains("spam trap");

    StoreAdminClient.Answer added =
        admin.put("/blocklist/127.0.0.25", "{\"reason\":\"manual\",\"duration\":\"PT1H\"}");
    assertThat(added.status()).as(added.body()).isEqualTo(204);
    assertThat(mailReply("127.0.0.25").code()).isEqualTo(550);

    StoreAdminClient.Answer removed = admin.delete("/blocklist/127.0.0.25");
    assertThat(removed.status()).isEqualTo(204);
    assertThat(mailReply("127.0.0.25").code()).isEqualTo(250);
    assertThat(admin.delete("/blocklist/127.0.0.25").status()).isEqualTo(404);
  }

  @Test
  @Order(7)
  void invalidAdminRequestsAnswer400() throws Exception {
    StoreAdminClient.Answer badAddress = admin.get("/addresses/not-an-address");
    StoreAdminClient.Answer badExpiry =
        admin.put("/blocklist/192.0.2.1", "{\"expiresAt\":\"tomorrow\"}");
    StoreAdminClient.Answer badRange = admin.get("/statistics?from=2026-03-02&to=2026-03-01");

    assertThat(badAddress.status()).isEqualTo(400);
    assertThat(badAddress.body())
        .contains("\"type\":\"InvalidArgument\"")
        .contains("not-an-address");
    assertThat(badExpiry.status()).isEqualTo(400);
    assertThat(badExpiry.body()).contains("tomorrow");
    assertThat(badRange.status()).isEqualTo(400);
  }

  @Test
  @Order(8)
  void addressHistoryShowsHeloNamesAndCounts() throws Exception {
    StoreAdminClient.Answer history = awaitHistory("127.0.0.21", "host3.sender.example");

    assertThat(history.status()).isEqualTo(200);
    assertThat(history.body())
        .contains("\"address\":\"127.0.0.21\"")
        .contains("\"connections\":3")
        .contains("host1.sender.example")
        .contains("host2.sender.example")
        .contains("\"blocklist\":null");
  }

  @Test
  @Order(9)
  void statisticsCountTodaysTraffic() throws Exception {
    StoreAdminClient.Answer statistics =
        admin.get("/statistics?from=" + today() + "&to=" + today());

    assertThat(statistics.status()).isEqualTo(200);
    assertThat(statistics.body())
        .contains("\"day\":\"" + today() + "\"")
        .contains("\"ACCEPT\":")
        .contains("\"spamfree.test\":")
        .contains("\"CONNECTION_BURST\":")
        .contains("\"REJECT\":")
        .contains("\"trap\":{\"anyone@retired.example.test\":1}");
    assertThat(statistics.body()).containsPattern("\"distinctAddresses\":[5-9]");
  }

  @Test
  @Order(10)
  void statsCommandPrintsTable() throws Exception {
    PackagedServer.CommandResult result =
        server.runCommand(Duration.ofSeconds(60), "stats", "--days", "2");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains(today()).contains("connections").contains("ACCEPT");
  }

  @Test
  @Order(11)
  void restartKeepsState() throws Exception {
    server.stop();
    server.start();

    assertThat(mailReply("127.0.0.24").code()).isEqualTo(550);
    String status = send("127.0.0.21", "host4.sender.example", "after restart");
    assertThat(status).contains("IP_HELO_NAMES_3");
    assertThat(admin.get("/addresses/127.0.0.21").body()).contains("\"connections\":4");
  }

  static String today() {
    return Instant.now().toString().substring(0, 10);
  }

  private static StoreAdminClient.Answer awaitHistory(String address, String text)
      throws Exception {
    Instant deadline = Instant.now().plusSeconds(10);
    StoreAdminClient.Answer answer = admin.get("/addresses/" + address);
    while (!answer.body().contains(text) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      answer = admin.get("/addresses/" + address);
    }
    return answer;
  }

  private static List<String> awaitRepository(WebAdminClient webAdmin, String path, int count)
      throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    List<String> mails = webAdmin.repositoryMails(path);
    while (mails.size() < count && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      mails = webAdmin.repositoryMails(path);
    }
    return mails;
  }

  static SmtpClient.Reply mailReply(String source) throws Exception {
    try (SmtpClient client = new SmtpClient(source, server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      return client.command("MAIL FROM:<someone@sender.example>");
    }
  }

  /** Sends one message and returns its X-Spam-Status header as the next hop received it. */
  static String send(String source, String helo, String subject) throws Exception {
    try (SmtpClient client = new SmtpClient(source, server.smtpPort)) {
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
