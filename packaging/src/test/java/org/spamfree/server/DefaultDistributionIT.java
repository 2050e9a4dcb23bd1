package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.mail.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The distribution on its embedded defaults, as the README's first session runs it: no next hop, so
 * accepted mail goes to the demo user's mailbox, read back here over IMAP.
 */
class DefaultDistributionIT {

  @TempDir static Path directory;
  static PackagedServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = PackagedServer.create(directory).start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void cleanMailDeliveredWithSpamStatusNo() throws Exception {
    try (SmtpClient client = new SmtpClient("127.0.0.2", server.smtpPort)) {
      assertThat(client.greeting.code()).isEqualTo(220);
      assertThat(client.command("EHLO mail.sender.example").code()).isEqualTo(250);
      SmtpClient.Reply reply =
          client.send(
              "alice@sender.example",
              List.of("demo@spamfree.test"),
              SmtpClient.message(
                  "clean default", "X-Spam-Flag: YES", "X-Spam-Status: Yes, forged"));
      assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    }

    Message message = awaitImapMessage("clean default");
    assertThat(message.getHeader("X-Spam-Flag")).containsExactly("NO");
    assertThat(message.getHeader("X-Spam-Score")).containsExactly("0.0");
    assertThat(message.getHeader("X-Spam-Status"))
        .containsExactly("No, score=0.0 required=5.0 tests=none");
    assertThat(message.getHeader("Message-ID")).containsExactly("<clean-default@sender.example>");
  }

  @Test
  void decisionLoggedOnOneLine() throws Exception {
    try (SmtpClient client = new SmtpClient("127.0.0.3", server.smtpPort)) {
      client.command("EHLO 192.0.2.9");
      SmtpClient.Reply reply =
          client.send(
              "bob@sender.example", List.of("demo@spamfree.test"), SmtpClient.message("logged"));
      assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    }

    List<String> lines =
        server.awaitLogLines(
            "spamfree decision=ACCEPT stage=data score=2.0", Duration.ofSeconds(10));
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .contains("symbols=HELO_BARE_IP")
        .contains("remote=127.0.0.3")
        .contains("helo=192.0.2.9")
        .contains("sender=bob@sender.example")
        .contains("actions=demo@spamfree.test:ACCEPT");
  }

  @Test
  void startupLogsEffectiveConfigurationWithoutPasswords() throws Exception {
    List<String> lines = server.awaitLogLines("Spamfree configuration:", Duration.ofSeconds(5));
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("protectedDomains={spamfree.test=policy=default");
    assertThat(lines.get(0)).contains("localUsers=[demo@spamfree.test]");
    assertThat(lines.get(0)).doesNotContain("=demo,").doesNotContain("password");
    assertThat(server.log()).contains("No next hop");
  }

  @Test
  void postmasterMailDeliveredToLocalUser() throws Exception {
    try (SmtpClient client = new SmtpClient("127.0.0.2", server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      SmtpClient.Reply reply =
          client.send(
              "alice@sender.example",
              List.of("postmaster@spamfree.test"),
              SmtpClient.message("to postmaster"));
      assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    }

    Message message = awaitImapMessage("to postmaster");
    assertThat(message.getHeader("X-Spam-Flag")).containsExactly("NO");
  }

  @Test
  void unknownRecipientRefusedAtRcpt() throws Exception {
    try (SmtpClient client = new SmtpClient("127.0.0.2", server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      client.command("MAIL FROM:<alice@sender.example>");
      SmtpClient.Reply reply = client.command("RCPT TO:<nobody@spamfree.test>");
      assertThat(reply.code()).isEqualTo(550);
      assertThat(reply.text()).startsWith("5.1.1");
    }
    assertThat(
            server.awaitLogLines(
                "spamfree decision=REJECT stage=rcpt reason=unknown_recipient",
                Duration.ofSeconds(5)))
        .anySatisfy(line -> assertThat(line).contains("rcpt=nobody@spamfree.test"));
  }

  @Test
  void recipientDomainMatchesIgnoringCase() throws Exception {
    try (SmtpClient client = new SmtpClient("127.0.0.2", server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      client.command("MAIL FROM:<alice@sender.example>");
      assertThat(client.command("RCPT TO:<DEMO@SpamFree.TEST>").code()).isEqualTo(250);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "someone@elsewhere.example",
        "someone@ELSEWHERE.EXAMPLE",
        "someone@elsewhere.example.",
        "someone%elsewhere.example@spamfree.test",
        "elsewhere.example!someone@spamfree.test",
        "\"someone@elsewhere.example\"@spamfree.test",
        "@spamfree.test:someone@elsewhere.example",
        "someone@spamfree.test.elsewhere.example",
        "someone@elsewhere.example@spamfree.test",
        "someone@[192.0.2.1]"
      })
  void relayAttemptRefused(String recipient) throws Exception {
    try (SmtpClient client = new SmtpClient("127.0.0.4", server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      client.command("MAIL FROM:<alice@sender.example>");
      SmtpClient.Reply reply = client.command("RCPT TO:<" + recipient + ">");
      assertThat(reply.code()).as(recipient + " -> " + reply).isBetween(500, 599);
    }
  }

  private static Message awaitImapMessage(String subject) throws Exception {
    return DemoMailbox.await(server.imapPort, subject);
  }
}
