package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.spamfree.core.clamav.ClamdServer;
import org.spamfree.core.clamav.SilentClamdServer;
import org.spamfree.core.clamav.TestSignatures;

/**
 * Virus scanning at the end of DATA through the packaged server, with a real clamd on loopback that
 * loads the project's EICAR and MD5 signatures. The server lists the clamd TCP port first and its
 * unix socket second.
 */
class ClamavIT {

  @RegisterExtension static final ClamdServer CLAMD = ClamdServer.create();

  /** Smaller than clamd's own limit, so that the server's check is the one that triggers. */
  private static final int STREAM_LIMIT = 256 * 1024;

  @TempDir static Path directory;
  static SilentClamdServer silent;
  static SmtpSink sink;
  static PackagedServer server;

  @BeforeAll
  static void startServer() throws Exception {
    silent = new SilentClamdServer();
    sink = new SmtpSink(0);
    Map<String, String> properties = new HashMap<>();
    properties.put("local.user.demo@spamfree.test", null);
    properties.put(
        "clamav.servers",
        silent.endpoint() + ", " + CLAMD.tcpEndpoint() + ", " + CLAMD.unixEndpoint());
    properties.put("clamav.reply.timeout", "2000");
    // Long enough that the silent server stays behind the healthy ones for the whole class.
    properties.put("clamav.retry.after", "600000");
    properties.put("clamav.stream.max.length", Integer.toString(STREAM_LIMIT));
    server =
        PackagedServer.create(directory)
            .properties(properties)
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
    if (silent != null) {
      silent.close();
    }
  }

  @Test
  void silentServerTimesOutThenFailsOver() throws Exception {
    SmtpClient.Reply reply =
        send(multipart("failover", "report.txt", "text/plain", TestSignatures.eicar()));

    assertThat(reply.code()).as(reply.toString()).isEqualTo(554);
    assertThat(reply.text()).contains(TestSignatures.EICAR_SIGNATURE);
    assertThat(
            server.awaitLogLines(
                "clamd server down server=" + silent.endpoint(), Duration.ofSeconds(10)))
        .anySatisfy(line -> assertThat(line).contains("timed out"));
  }

  @Test
  void attachedEicarRejectedWithSignature() throws Exception {
    SmtpClient.Reply reply =
        send(multipart("eicar attached", "report.txt", "text/plain", TestSignatures.eicar()));

    assertThat(reply.code()).as(reply.toString()).isEqualTo(554);
    assertThat(reply.text()).startsWith("5.7.1").contains(TestSignatures.EICAR_SIGNATURE);
    assertThat(server.awaitLogLines("check=clamav reason=virus", Duration.ofSeconds(10)))
        .anySatisfy(line -> assertThat(line).contains(TestSignatures.EICAR_SIGNATURE));
  }

  @Test
  void zippedEicarRejected() throws Exception {
    byte[] zip = zip("invoice.txt", TestSignatures.eicar());

    SmtpClient.Reply reply = send(multipart("eicar zipped", "invoice.zip", "application/zip", zip));

    assertThat(reply.code()).as(reply.toString()).isEqualTo(554);
    assertThat(reply.text()).contains(TestSignatures.EICAR_SIGNATURE);
  }

  @Test
  void eicarInForwardedMessageRejected() throws Exception {
    String inner = multipart("inner", "report.txt", "text/plain", TestSignatures.eicar());
    String outer =
        String.join(
            "\r\n",
            "From: sender@sender.example",
            "To: recipient@spamfree.test",
            "Subject: eicar forwarded",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=outer",
            "",
            "--outer",
            "Content-Type: text/plain",
            "",
            "Forwarded message below.",
            "--outer",
            "Content-Type: message/rfc822",
            "",
            inner,
            "--outer--",
            "");

    SmtpClient.Reply reply = send(outer);

    assertThat(reply.code()).as(reply.toString()).isEqualTo(554);
    assertThat(reply.text()).contains(TestSignatures.EICAR_SIGNATURE);
  }

  @Test
  void md5SignatureRejected() throws Exception {
    SmtpClient.Reply reply =
        send(
            multipart(
                "md5 file", "notes.bin", "application/octet-stream", TestSignatures.md5TestFile()));

    assertThat(reply.code()).as(reply.toString()).isEqualTo(554);
    assertThat(reply.text()).contains(TestSignatures.MD5_SIGNATURE);
  }

  @Test
  void cleanMailAcceptedWithVirusHeaders() throws Exception {
    String message =
        SmtpClient.message(
            "clean mail", "X-Virus-Status: Clean", "X-Virus-Scanned: forged scanner");

    SmtpClient.Reply reply = send(message);

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = sink.awaitSubject("clean mail", Duration.ofSeconds(30));
    assertThat(received.header("X-Virus-Status")).isEqualTo("Clean");
    assertThat(received.header("X-Virus-Scanned")).isEqualTo("ClamAV at mx.spamfree.test");
    assertThat(received.content()).doesNotContain("forged scanner");
  }

  @Test
  void messageOverStreamLimitRejected() throws Exception {
    byte[] large = new byte[STREAM_LIMIT + 1024];
    java.util.Arrays.fill(large, (byte) 'x');

    SmtpClient.Reply reply =
        send(multipart("too large", "data.bin", "application/octet-stream", large));

    assertThat(reply.code()).as(reply.toString()).isEqualTo(552);
    assertThat(reply.text()).startsWith("5.3.4");
  }

  @Test
  void stoppedClamdGivesTempfail() throws Exception {
    CLAMD.stop();
    try {
      SmtpClient.Reply reply = send(SmtpClient.message("clamd stopped"));

      assertThat(reply.code()).as(reply.toString()).isEqualTo(451);
      assertThat(reply.text()).startsWith("4.7.1");
      assertThat(
              server.awaitLogLines(
                  "clamd server down server=" + CLAMD.tcpEndpoint(), Duration.ofSeconds(10)))
          .isNotEmpty();
    } finally {
      CLAMD.start();
    }

    SmtpClient.Reply afterRestart = send(SmtpClient.message("clamd restarted"));

    assertThat(afterRestart.code()).as(afterRestart.toString()).isEqualTo(250);
  }

  @Test
  void disguisedExecutableRejectedByScore() throws Exception {
    SmtpClient.Reply reply =
        send(multipart("disguised exe", "invoice.pdf", "application/pdf", windowsExecutable()));

    assertThat(reply.code()).as(reply.toString()).isEqualTo(550);
    assertThat(reply.text())
        .startsWith("5.7.1")
        .contains("ATTACHMENT_EXECUTABLE")
        .contains("ATTACHMENT_DISGUISED");
  }

  @Test
  void zippedExecutableScored() throws Exception {
    byte[] zip = zip("invoice.exe", windowsExecutable());

    SmtpClient.Reply reply = send(multipart("zipped exe", "invoice.zip", "application/zip", zip));

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = sink.awaitSubject("zipped exe", Duration.ofSeconds(30));
    assertThat(received.header("X-Spam-Status")).contains("ATTACHMENT_ARCHIVE_EXECUTABLE");
    assertThat(received.header("X-Spam-Flag")).isEqualTo("YES");
  }

  @Test
  void realPdfAcceptedWithoutAttachmentSymbols() throws Exception {
    byte[] pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n".getBytes(StandardCharsets.US_ASCII);

    SmtpClient.Reply reply = send(multipart("real pdf", "invoice.pdf", "application/pdf", pdf));

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = sink.awaitSubject("real pdf", Duration.ofSeconds(30));
    assertThat(received.header("X-Spam-Status")).doesNotContain("ATTACHMENT_");
    assertThat(received.header("X-Virus-Status")).isEqualTo("Clean");
  }

  @Test
  void clamavCommandReportsEachServer() throws Exception {
    PackagedServer.CommandResult result = server.runCommand(Duration.ofSeconds(60), "clamav");

    // The silent server fails PING, so the command exits 4 while the clamd rows show PONG.
    assertThat(result.exitCode()).as(result.output()).isEqualTo(4);
    assertThat(result.output())
        .contains(silent.endpoint() + "  FAILED")
        .contains(CLAMD.tcpEndpoint() + "  PONG  ClamAV ")
        .contains(CLAMD.unixEndpoint() + "  PONG  ClamAV ");
  }

  /** Returns a DOS header whose e_lfanew points at an i386 PE signature. */
  private static byte[] windowsExecutable() {
    byte[] pe = new byte[512];
    pe[0] = 'M';
    pe[1] = 'Z';
    pe[0x3c] = (byte) 0x80;
    pe[0x80] = 'P';
    pe[0x81] = 'E';
    pe[0x84] = 0x4c;
    pe[0x85] = 0x01;
    return pe;
  }

  private static SmtpClient.Reply send(String message) throws IOException {
    try (SmtpClient client = new SmtpClient("127.0.0.3", server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      return client.send("sender@sender.example", List.of("someone@spamfree.test"), message);
    }
  }

  /** Returns a message with a text part and one base64 attachment. */
  static String multipart(String subject, String fileName, String type, byte[] attachment) {
    return String.join(
        "\r\n",
        "From: sender@sender.example",
        "To: recipient@spamfree.test",
        "Subject: " + subject,
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"part-boundary\"",
        "",
        "--part-boundary",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "See the attachment.",
        "--part-boundary",
        "Content-Type: " + type + "; name=\"" + fileName + "\"",
        "Content-Transfer-Encoding: base64",
        "Content-Disposition: attachment; filename=\"" + fileName + "\"",
        "",
        Base64.getMimeEncoder().encodeToString(attachment),
        "--part-boundary--",
        "");
  }

  static byte[] zip(String name, byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(content);
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }
}
