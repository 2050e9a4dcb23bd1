package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Abuse of the packaged gateway by unauthenticated clients: relay tricks, SMTP smuggling and
 * over-long input. The gateway relays {@code spamfree.test} to a next hop without a recipient list,
 * the setting in which a recipient that hides a route in its local part would otherwise pass. Only
 * 127.0.0.1 may relay; the tests send from 127.0.0.2.
 */
class AbuseIT {

  private static final String CLIENT = "127.0.0.2";

  @TempDir static Path directory;
  static SmtpSink sink;
  static PackagedServer server;

  @BeforeAll
  static void startServer() throws Exception {
    sink = new SmtpSink(0);
    Map<String, String> properties = new HashMap<>();
    properties.put("local.user.demo@spamfree.test", null);
    server =
        PackagedServer.create(directory)
            .properties(properties)
            .replaceInConf(
                "smtpserver.xml",
                "<verifyIdentity>",
                "<authorizedAddresses>127.0.0.1</authorizedAddresses>\n<verifyIdentity>")
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
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "user@other.example",
        "user@OTHER.Example",
        "user%other.example@spamfree.test",
        "user%other.example@SPAMFREE.TEST",
        "other.example!user@spamfree.test",
        "\"user@other.example\"@spamfree.test",
        "\"user%other.example\"@spamfree.test",
        "@spamfree.test:user@other.example",
        "@spamfree.test,@relay.example:user@other.example",
        "user@other.example@spamfree.test",
        "user@spamfree.test.other.example",
        "user@other.example.",
        "user@spamfree.test.",
        "user@[127.0.0.1]",
        "user@[192.0.2.1]",
      })
  void relayTrickRejected(String recipient) throws Exception {
    try (SmtpClient client = new SmtpClient(CLIENT, server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      assertThat(client.command("MAIL FROM:<sender@sender.example>").code()).isEqualTo(250);

      SmtpClient.Reply rcpt = client.command("RCPT TO:<" + recipient + ">");

      assertThat(rcpt.code()).as("RCPT TO:<%s> -> %s", recipient, rcpt).isBetween(500, 599);
      assertThat(sink.messages())
          .noneSatisfy(message -> assertThat(message.recipients()).contains(recipient));
    }
  }

  @Test
  void plainRecipientStillRelayed() throws Exception {
    SmtpClient.Reply reply = sendClean("plain recipient");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    assertThat(sink.awaitSubject("plain recipient", Duration.ofSeconds(30)).recipients())
        .containsExactly("user@spamfree.test");
  }

  /**
   * SMTP smuggling: an end-of-data sequence that is not CRLF.CRLF, followed by a second
   * transaction. A receiver that reads it as the end of data would accept the smuggled message,
   * which then appears to come from this client and pass its checks.
   */
  @ParameterizedTest
  @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r\n", "\r\n.\r", "\r\n\u0000.\r\n"})
  void nonStandardEndOfDataNeverSplitsMessage(String fakeEnd) throws Exception {
    String label =
        "smuggling " + fakeEnd.replace("\r", "CR").replace("\n", "LF").replace("\0", "NUL");
    String smuggledSubject = label + " smuggled";
    try (SmtpClient client = new SmtpClient(CLIENT, server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      client.command("MAIL FROM:<sender@sender.example>");
      client.command("RCPT TO:<user@spamfree.test>");
      assertThat(client.command("DATA").code()).isEqualTo(354);
      client.writeRaw(
          "Subject: "
              + label
              + "\r\n\r\nfirst part"
              + fakeEnd
              + "MAIL FROM:<admin@spamfree.test>\r\n"
              + "RCPT TO:<user@spamfree.test>\r\n"
              + "DATA\r\n"
              + "Subject: "
              + smuggledSubject
              + "\r\n\r\nsmuggled body\r\n"
              + ".\r\n");
      // A server that split the message would reply to each smuggled command too, so read every
      // reply that arrives within a short time. James 3.8.1 closes the connection without a
      // reply when a line ends in a bare LF, and it has accepted nothing then.
      List<SmtpClient.Reply> replies = new ArrayList<>();
      client.setReadTimeout(Duration.ofSeconds(2));
      try {
        while (replies.size() < 5) {
          replies.add(client.readReply());
        }
      } catch (SocketTimeoutException e) {
        // No more replies within the wait.
      } catch (IOException e) {
        // The server closed the connection.
      }
      assertThat(replies).as("replies to %s: %s", label, replies).hasSizeLessThanOrEqualTo(1);
    }

    // Whatever the reply, a message with the smuggled subject must never exist.
    // The sink receives relayed mail within a second when the server accepted it.
    Thread.sleep(1000);
    assertThat(sink.messages())
        .noneSatisfy(message -> assertThat(message.header("Subject")).isEqualTo(smuggledSubject));
  }

  @Test
  void overLongSenderRejectedServerStillServes() throws Exception {
    try (SmtpClient client = new SmtpClient(CLIENT, server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      SmtpClient.Reply reply =
          client.command("MAIL FROM:<" + "a".repeat(5000) + "@sender.example>");

      assertThat(reply.code()).isEqualTo(501);
      assertThat(reply.text()).startsWith("5.1.7 Sender address too long: 5015 octets");
    }
    assertThat(sendClean("after long command").code()).isEqualTo(250);
  }

  @Test
  void overLongHeloRejected() throws Exception {
    try (SmtpClient client = new SmtpClient(CLIENT, server.smtpPort)) {
      SmtpClient.Reply reply = client.command("EHLO " + "h".repeat(3000) + ".example");

      assertThat(reply.code()).isEqualTo(501);
      assertThat(reply.text()).startsWith("5.5.2 HELO name too long: 3008 octets");
    }
  }

  @Test
  void overLongRecipientRejected() throws Exception {
    try (SmtpClient client = new SmtpClient(CLIENT, server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      client.command("MAIL FROM:<sender@sender.example>");
      SmtpClient.Reply reply = client.command("RCPT TO:<" + "r".repeat(300) + "@spamfree.test>");

      assertThat(reply.code()).isEqualTo(501);
      assertThat(reply.text())
          .isEqualTo(
              "5.1.3 Recipient address too long: 314 octets, at most 254 are accepted (RFC 5321"
                  + " section 4.5.3.1.3)");
    }
  }

  @Test
  void mailParameterValuesReachNoHeader() throws Exception {
    SmtpClient.Reply reply;
    try (SmtpClient client = new SmtpClient(CLIENT, server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      SmtpClient.Reply mail =
          client.command("MAIL FROM:<sender@sender.example> BODY=8BITMIME X-Spam-Status=probe");
      assertThat(mail.code()).isEqualTo(250);
      client.command("RCPT TO:<user@spamfree.test>");
      reply = client.data(SmtpClient.message("mail parameters"));
    }

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = sink.awaitSubject("mail parameters", Duration.ofSeconds(30));
    String headers = received.content().split("\r?\n\r?\n", 2)[0];
    assertThat(headers).doesNotContain("probe");
    assertThat(received.header("X-Spam-Status")).startsWith("No, score=");
  }

  @Test
  void controlCharactersNeverReachLog() throws Exception {
    try (SmtpClient client = new SmtpClient(CLIENT, server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      SmtpClient.Reply mail = client.command("MAIL FROM:<nul\u0000esc\u001b[31m@sender.example>");
      assertThat(mail.code()).as(mail.toString()).isBetween(500, 599);
    }
    // A message sent afterwards: once its decision line is in the log, so is every earlier line.
    assertThat(sendClean("after control characters").code()).isEqualTo(250);
    sink.awaitSubject("after control characters", Duration.ofSeconds(30));
    assertThat(server.awaitLogLines("nul?esc?[31m@sender.example", Duration.ofSeconds(10)))
        .as("log lines with the address, control characters printed as '?'")
        .isNotEmpty();

    String log = server.log();
    assertThat(log).doesNotContain("\u0000").doesNotContain("\u001b");
  }

  private static SmtpClient.Reply sendClean(String subject) throws Exception {
    try (SmtpClient client = new SmtpClient(CLIENT, server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      return client.send(
          "sender@sender.example", List.of("user@spamfree.test"), SmtpClient.message(subject));
    }
  }
}
