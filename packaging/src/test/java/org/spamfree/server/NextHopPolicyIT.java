package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway relaying accepted mail to a next hop, with two protected domains whose policies
 * differ, so one HELO fault leads to different actions per recipient:
 *
 * <ul>
 *   <li>{@code strict.test}: tag 1, quarantine 2, reject 3
 *   <li>{@code lenient.test}: tag 1, quarantine 50, reject 100
 *   <li>{@code defer.test}: tag 1, tempfail 2
 * </ul>
 *
 * A bare IP in HELO scores 2.0 and a HELO naming a protected domain 3.5 (the default scores).
 * 127.0.0.1 is an authorised relay client; the other tests send from other 127.x addresses.
 */
class NextHopPolicyIT {

  @TempDir static Path directory;
  static SmtpSink sink;
  static PackagedServer server;
  static WebAdminClient webAdmin;

  @BeforeAll
  static void startServer() throws Exception {
    sink = new SmtpSink(0);
    Map<String, String> properties = new HashMap<>();
    properties.put("protected.domains", "strict.test, lenient.test, defer.test");
    properties.put("domain.spamfree.test.policy", null);
    properties.put("local.user.demo@spamfree.test", null);
    properties.put("domain.strict.test.policy", "strict");
    properties.put("policy.strict.tag", "1");
    properties.put("policy.strict.quarantine", "2");
    properties.put("policy.strict.reject", "3");
    properties.put("domain.defer.test.policy", "defer");
    properties.put("policy.defer.tempfail", "2");
    properties.put("policy.defer.quarantine", "off");
    properties.put("policy.defer.reject", "off");
    properties.put("policy.default.tag", "1");
    properties.put("policy.default.quarantine", "50");
    properties.put("policy.default.reject", "100");
    server =
        PackagedServer.create(directory)
            .properties(properties)
            .replaceInConf(
                "smtpserver.xml",
                "<verifyIdentity>",
                "<authorizedAddresses>127.0.0.1</authorizedAddresses>\n<verifyIdentity>")
            .env("SPAMFREE_NEXT_HOP", "127.0.0.1:" + sink.port())
            .start();
    webAdmin = new WebAdminClient(server.webadminPort);
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
  void cleanMailRelayedUntagged() throws Exception {
    SmtpClient.Reply reply =
        send("127.0.0.2", "mail.sender.example", List.of("ann@lenient.test"), "clean relay");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = awaitAtSink("clean relay");
    assertThat(received.recipients()).containsExactly("ann@lenient.test");
    assertThat(received.header("X-Spam-Flag")).isEqualTo("NO");
    assertThat(received.header("X-Spam-Status")).isEqualTo("No, score=0.0 required=1.0 tests=none");
  }

  @Test
  void forgedHeloTaggedForLenientDomain() throws Exception {
    SmtpClient.Reply reply =
        send("127.0.0.2", "192.0.2.7", List.of("ann@lenient.test"), "tagged relay");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = awaitAtSink("tagged relay");
    assertThat(received.header("X-Spam-Flag")).isEqualTo("YES");
    assertThat(received.header("X-Spam-Score")).isEqualTo("2.0");
    assertThat(received.header("X-Spam-Status"))
        .isEqualTo("Yes, score=2.0 required=1.0 tests=HELO_BARE_IP");
  }

  @Test
  void forgedHeloQuarantinedForStrictDomain() throws Exception {
    SmtpClient.Reply reply =
        send("127.0.0.3", "192.0.2.8", List.of("sam@strict.test"), "quarantined strict");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    String quarantined = awaitInQuarantine("quarantined strict");
    assertThat(quarantined).contains("X-Spam-Flag: YES");
    assertThat(quarantined).contains("tests=HELO_BARE_IP");
    assertThat(sinkMessage("quarantined strict")).isEmpty();
  }

  @Test
  void heloClaimingProtectedDomainRejectedForStrictDomain() throws Exception {
    SmtpClient.Reply reply =
        send("127.0.0.4", "strict.test", List.of("sam@strict.test"), "rejected strict");

    assertThat(reply.code()).isEqualTo(550);
    assertThat(reply.text()).startsWith("5.7.1").contains("HELO_CLAIMS_LOCAL");
    assertThat(server.awaitLogLines("spamfree decision=REJECT stage=data", Duration.ofSeconds(10)))
        .anySatisfy(line -> assertThat(line).contains("remote=127.0.0.4"));
  }

  @Test
  void forgedHeloDeferredForTempfailDomain() throws Exception {
    SmtpClient.Reply reply = send("127.0.0.8", "192.0.2.10", List.of("dan@defer.test"), "deferred");

    assertThat(reply.code()).isEqualTo(451);
    assertThat(reply.text()).startsWith("4.7.1").contains("HELO_BARE_IP");
    assertThat(
            server.awaitLogLines("spamfree decision=TEMPFAIL stage=data", Duration.ofSeconds(10)))
        .anySatisfy(line -> assertThat(line).contains("remote=127.0.0.8"));
  }

  @Test
  void mixedPolicyTransactionDecidedPerRecipient() throws Exception {
    SmtpClient.Reply reply =
        send(
            "127.0.0.5",
            "lenient.test",
            List.of("sam@strict.test", "ann@lenient.test"),
            "mixed policy");

    // strict.test alone would reject (3.5 >= 3), but lenient.test accepts, so the message is
    // accepted: the lenient copy is relayed tagged and the strict copy is quarantined.
    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received relayed = awaitAtSink("mixed policy");
    assertThat(relayed.recipients()).containsExactly("ann@lenient.test");
    assertThat(relayed.header("X-Spam-Flag")).isEqualTo("YES");
    String quarantined = awaitInQuarantine("mixed policy");
    assertThat(quarantined).contains("tests=HELO_CLAIMS_LOCAL");
  }

  @Test
  void relayClientSkipsChecks() throws Exception {
    SmtpClient.Reply reply =
        send(
            "127.0.0.1",
            "192.0.2.9",
            List.of("someone@elsewhere.example", "ann@lenient.test"),
            "relay client");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = awaitAtSink("relay client");
    assertThat(received.header("X-Spam-Status")).isNull();
    assertThat(server.awaitLogLines("spamfree decision=RELAY", Duration.ofSeconds(10)))
        .anySatisfy(line -> assertThat(line).contains("remote=127.0.0.1"));
  }

  @Test
  void heloCannotInjectIntoReceivedHeader() throws Exception {
    SmtpClient.Reply reply =
        send(
            "127.0.0.6",
            "evil.example) by forged.example (x\tX-Injected: 1",
            List.of("ann@lenient.test"),
            "helo injection");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = awaitAtSink("helo injection");
    String receivedHeader = received.header("Received");
    assertThat(receivedHeader).contains("evil.example??by?forged.example??x?X-Injected:?1");
    assertThat(received.header("X-Injected")).isNull();
    assertThat(received.header("X-Spam-Status")).contains("HELO_SYNTAX_INVALID");
  }

  @Test
  void mailWithoutHeloScored() throws Exception {
    SmtpClient.Reply reply;
    try (SmtpClient client = new SmtpClient("127.0.0.7", server.smtpPort)) {
      reply =
          client.send(
              "x@sender.example", List.of("ann@lenient.test"), SmtpClient.message("no helo"));
    }

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    assertThat(awaitAtSink("no helo").header("X-Spam-Status")).contains("tests=HELO_MISSING");
  }

  @Test
  void duplicateRecipientsGetOneCopy() throws Exception {
    SmtpClient.Reply reply =
        send(
            "127.0.0.9",
            "mail.sender.example",
            List.of("ann@lenient.test", "ann@lenient.test", "ANN@lenient.test"),
            "duplicate recipients");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = awaitAtSink("duplicate recipients");
    assertThat(received.recipients()).hasSize(1);
  }

  @Test
  void recipientsLimitedToHundred() throws Exception {
    try (SmtpClient client = new SmtpClient("127.0.0.9", server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      client.command("MAIL FROM:<bulk@sender.example>");
      for (int index = 0; index < 100; index++) {
        assertThat(client.command("RCPT TO:<user" + index + "@lenient.test>").code())
            .isEqualTo(250);
      }

      SmtpClient.Reply over = client.command("RCPT TO:<user100@lenient.test>");

      assertThat(over.code()).isEqualTo(452);
    }
  }

  @Test
  void senderCannotAddFieldsToDecisionLine() throws Exception {
    SmtpClient.Reply reply;
    try (SmtpClient client = new SmtpClient("127.0.0.9", server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      reply =
          client.send(
              "\"a b decision=RELAY\"@sender.example",
              List.of("ann@lenient.test"),
              SmtpClient.message("quoted sender"));
    }

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    List<String> lines =
        server.awaitLogLines("sender=\"a?b?decision=RELAY\"", Duration.ofSeconds(10));
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("spamfree decision=ACCEPT");
    assertThat(lines.get(0)).doesNotContain(" decision=RELAY");
  }

  private static SmtpClient.Reply send(
      String source, String helo, List<String> recipients, String subject) throws Exception {
    try (SmtpClient client = new SmtpClient(source, server.smtpPort)) {
      SmtpClient.Reply ehlo = client.command("EHLO " + helo);
      assertThat(ehlo.code()).as("EHLO " + helo + " -> " + ehlo).isEqualTo(250);
      return client.send("sender@sender.example", recipients, SmtpClient.message(subject));
    }
  }

  private static Optional<SmtpSink.Received> sinkMessage(String subject) {
    return sink.messages().stream()
        .filter(message -> subject.equals(message.header("Subject")))
        .findFirst();
  }

  private static SmtpSink.Received awaitAtSink(String subject) throws Exception {
    return sink.awaitSubject(subject, Duration.ofSeconds(30));
  }

  private static String awaitInQuarantine(String subject) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      for (String mail : webAdmin.repositoryMails(WebAdminClient.QUARANTINE)) {
        if (mail.contains("Subject: " + subject + "\r\n")
            || mail.contains("Subject: " + subject + "\n")) {
          return mail;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("No message with subject '" + subject + "' in the quarantine");
  }
}
