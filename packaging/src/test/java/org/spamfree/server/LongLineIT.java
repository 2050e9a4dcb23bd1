package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lines longer than the SMTP server's limit of 8192 bytes (not counting the CRLF), sent over a raw
 * socket to the packaged server. A message with such a line is rejected as a whole with one reply
 * to its final dot, a command line gets one 500 reply, and the session stays in step with a
 * pipelining client. Accepted mail goes to the demo user's mailbox, read back over IMAP.
 */
class LongLineIT {

  private static final String CLIENT = "127.0.0.2";
  private static final int LIMIT = 8192;
  private static final String REJECTED =
      "5.6.0 Message rejected: a line is longer than 8192 bytes (RFC 5321 section 4.5.3.1.6)";
  private static final String LINE_TOO_LONG = "5.5.2 Line too long (limit 8192 bytes)";

  /** How long a test waits to be sure that the server sent no early reply. */
  private static final Duration QUIET = Duration.ofSeconds(2);

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

  @ParameterizedTest
  @ValueSource(ints = {LIMIT + 1, 10_000, 1_000_000})
  void overLongDataLineRejectsMessage(int length) throws Exception {
    String rejectedSubject = "rejected line " + length;
    String nextSubject = "after rejected line " + length;
    try (SmtpClient client = new SmtpClient(CLIENT, server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      assertThat(client.command("MAIL FROM:<alice@sender.example>").code()).isEqualTo(250);
      assertThat(client.command("RCPT TO:<demo@spamfree.test>").code()).isEqualTo(250);
      assertThat(client.command("DATA").code()).isEqualTo(354);

      client.writeRaw(header(rejectedSubject) + "first line\r\n" + line(length) + "\r\n");
      Thread.sleep(QUIET.toMillis());
      assertThat(client.hasUnreadReply()).as("a reply before the final dot").isFalse();

      client.writeRaw("last line\r\n.\r\n");
      SmtpClient.Reply reply = client.readReply();
      assertThat(reply.code()).as(reply.toString()).isEqualTo(554);
      assertThat(reply.text()).isEqualTo(REJECTED);

      // The same session goes on with a normal message.
      SmtpClient.Reply next =
          client.send("alice@sender.example", List.of("demo@spamfree.test"), message(nextSubject));
      assertThat(next.code()).as(next.toString()).isEqualTo(250);
      assertThat(client.command("NOOP").code()).isEqualTo(250);
      Thread.sleep(QUIET.toMillis());
      assertThat(client.hasUnreadReply()).as("a reply nobody asked for").isFalse();
    }

    String delivered = awaitMessage(nextSubject);
    assertThat(delivered).contains("\r\n\r\nBody of " + nextSubject + "\r\n");
    assertThat(findMessage(rejectedSubject)).isEmpty();
    assertThat(
            server.awaitLogLines(
                "decision=REJECT stage=data reason=line_too_long", Duration.ofSeconds(5)))
        .anySatisfy(
            line -> assertThat(line).contains("remote=" + CLIENT).contains("limit=" + LIMIT));
  }

  /**
   * Sends a line of exactly the limit, also with its CR and LF in separate reads, which Netty's own
   * line decoder with a maximum of 8192 would reject.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void lineOfLimitDelivered(boolean splitBeforeLf) throws Exception {
    String subject = "line of limit, split " + splitBeforeLf;
    String line = line(LIMIT);
    try (SmtpClient client = new SmtpClient(CLIENT, server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      client.command("MAIL FROM:<alice@sender.example>");
      client.command("RCPT TO:<demo@spamfree.test>");
      assertThat(client.command("DATA").code()).isEqualTo(354);

      String start = header(subject) + "first line\r\n" + line + "\r";
      String end = "\nlast line\r\n.\r\n";
      if (splitBeforeLf) {
        client.writeRaw(start);
        Thread.sleep(500);
        client.writeRaw(end);
      } else {
        client.writeRaw(start + end);
      }
      SmtpClient.Reply reply = client.readReply();
      assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    }

    String delivered = awaitMessage(subject);
    assertThat(delivered).contains("\r\nfirst line\r\n" + line + "\r\nlast line\r\n");
  }

  @Test
  void overLongCommandLineGets500() throws Exception {
    String subject = "after long command";
    try (SmtpClient client = new SmtpClient(CLIENT, server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      String command = "MAIL FROM:<" + "a".repeat(10_000 - 27) + "@sender.example>";
      assertThat(command).hasSize(10_000);

      SmtpClient.Reply reply = client.command(command);
      assertThat(reply.code()).as(reply.toString()).isEqualTo(500);
      assertThat(reply.text()).isEqualTo(LINE_TOO_LONG);
      Thread.sleep(QUIET.toMillis());
      assertThat(client.hasUnreadReply()).as("a second reply to the long line").isFalse();

      // No sender was set, so a new MAIL FROM starts the transaction.
      SmtpClient.Reply next =
          client.send("alice@sender.example", List.of("demo@spamfree.test"), message(subject));
      assertThat(next.code()).as(next.toString()).isEqualTo(250);
    }

    assertThat(awaitMessage(subject)).contains("Body of " + subject);
    assertThat(
            server.awaitLogLines(
                "decision=REJECT stage=command reason=line_too_long", Duration.ofSeconds(5)))
        .isNotEmpty();
  }

  /**
   * A bare LF after an over-long line ends the session with James's 500, as it does in any DATA,
   * and the final dot that follows gets no second reply.
   */
  @Test
  void bareLfAfterLongLineEndsSession() throws Exception {
    String subject = "bare LF after long line";
    try (SmtpClient client = new SmtpClient(CLIENT, server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      client.command("MAIL FROM:<bare-lf@sender.example>");
      client.command("RCPT TO:<demo@spamfree.test>");
      assertThat(client.command("DATA").code()).isEqualTo(354);

      client.writeRaw(header(subject) + line(10_000) + "\r\nbare\n.\r\n");
      SmtpClient.Reply reply = client.readReply();
      assertThat(reply.code()).as(reply.toString()).isEqualTo(500);
      assertThat(reply.text()).isEqualTo("5.0.0 line delimiter must be CRLF");
      assertThatThrownBy(client::readReply).isInstanceOf(IOException.class);
    }

    Thread.sleep(QUIET.toMillis());
    assertThat(server.log()).doesNotContain("sender=bare-lf@sender.example");
    assertThat(findMessage(subject)).isEmpty();
  }

  /**
   * RFC 2920 lets a client send the message content and the next transaction's commands in one
   * group. Each gets its own reply, in order.
   */
  @Test
  void pipelinedDataLineKeepsRepliesInStep() throws Exception {
    String rejectedSubject = "pipelined rejected";
    String nextSubject = "pipelined after rejected";
    try (SmtpClient client = new SmtpClient(CLIENT, server.smtpPort)) {
      assertThat(client.command("EHLO mail.sender.example").text()).contains("PIPELINING");

      client.writeRaw(
          "MAIL FROM:<alice@sender.example>\r\nRCPT TO:<demo@spamfree.test>\r\nDATA\r\n");
      assertThat(readCodes(client, 3)).containsExactly(250, 250, 354);

      client.writeRaw(
          header(rejectedSubject)
              + line(10_000)
              + "\r\nlast line\r\n.\r\n"
              + "MAIL FROM:<alice@sender.example>\r\n"
              + "RCPT TO:<demo@spamfree.test>\r\n"
              + "DATA\r\n");
      SmtpClient.Reply rejected = client.readReply();
      assertThat(rejected.code()).as(rejected.toString()).isEqualTo(554);
      assertThat(rejected.text()).isEqualTo(REJECTED);
      assertThat(readCodes(client, 3)).containsExactly(250, 250, 354);

      client.writeRaw(message(nextSubject) + ".\r\nNOOP\r\n");
      assertThat(readCodes(client, 2)).containsExactly(250, 250);
    }

    assertThat(awaitMessage(nextSubject)).contains("Body of " + nextSubject);
    assertThat(findMessage(rejectedSubject)).isEmpty();
  }

  @Test
  void pipelinedCommandLineKeepsRepliesInStep() throws Exception {
    String subject = "pipelined long recipient";
    try (SmtpClient client = new SmtpClient(CLIENT, server.smtpPort)) {
      client.command("EHLO mail.sender.example");

      client.writeRaw(
          "MAIL FROM:<alice@sender.example>\r\n"
              + "RCPT TO:<"
              + "r".repeat(10_000)
              + "@spamfree.test>\r\n"
              + "RCPT TO:<demo@spamfree.test>\r\n"
              + "DATA\r\n");
      assertThat(client.readReply().code()).isEqualTo(250);
      SmtpClient.Reply tooLong = client.readReply();
      assertThat(tooLong.code()).as(tooLong.toString()).isEqualTo(500);
      assertThat(tooLong.text()).isEqualTo(LINE_TOO_LONG);
      assertThat(readCodes(client, 2)).containsExactly(250, 354);

      client.writeRaw(message(subject) + ".\r\n");
      assertThat(client.readReply().code()).isEqualTo(250);
    }

    assertThat(awaitMessage(subject)).contains("Body of " + subject);
  }

  private static List<Integer> readCodes(SmtpClient client, int count) throws Exception {
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      codes.add(client.readReply().code());
    }
    return codes;
  }

  private static String header(String subject) {
    return "From: alice@sender.example\r\n"
        + "To: demo@spamfree.test\r\n"
        + "Subject: "
        + subject
        + "\r\n"
        + "Message-ID: <"
        + subject.replaceAll("[^A-Za-z0-9]", "-")
        + "@sender.example>\r\n"
        + "\r\n";
  }

  private static String message(String subject) {
    return header(subject) + "Body of " + subject + "\r\n";
  }

  /** Returns a line of {@code length} digits, none of them a leading dot. */
  private static String line(int length) {
    StringBuilder line = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      line.append((char) ('0' + i % 10));
    }
    return line.toString();
  }

  private static String awaitMessage(String subject) throws Exception {
    return DemoMailbox.raw(DemoMailbox.await(server.imapPort, subject));
  }

  private static Optional<MimeMessage> findMessage(String subject) throws Exception {
    return DemoMailbox.find(server.imapPort, subject);
  }
}
