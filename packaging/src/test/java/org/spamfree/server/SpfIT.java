package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.spamfree.core.dns.NsdServer;

/**
 * SPF through the packaged server, with NSD on loopback serving {@code spf.test}. {@code
 * it-pass.spf.test} permits 127.0.0.0/24, {@code it-fail.spf.test} permits only 192.0.2.0/24 and
 * has an explanation, and {@code it-temp.spf.test} includes a zone NSD refuses. The protected
 * domain spamfree.test rejects SPF fail and defers temperror, strict.test rejects permerror, and
 * other.test only scores. 127.0.0.5 may relay, so it is not checked.
 */
class SpfIT {

  @RegisterExtension static NsdServer nsd = NsdServer.serving("spf.test");

  @TempDir static Path directory;
  static SmtpSink sink;
  static PackagedServer server;

  @BeforeAll
  static void startServer() throws Exception {
    sink = new SmtpSink(0);
    Map<String, String> properties = new HashMap<>();
    properties.put("local.user.demo@spamfree.test", null);
    properties.put("protected.domains", "spamfree.test, other.test, strict.test");
    properties.put("spf.enabled", "true");
    properties.put("domain.spamfree.test.spf.fail", "reject");
    properties.put("domain.spamfree.test.spf.temperror", "tempfail");
    properties.put("domain.strict.test.spf.permerror", "reject");
    server =
        PackagedServer.create(directory)
            .properties(properties)
            .replaceInConf(
                "smtpserver.xml",
                "<verifyIdentity>",
                "<authorizedAddresses>127.0.0.5/32</authorizedAddresses>\n<verifyIdentity>")
            .env("SPAMFREE_DNS_SERVERS", "127.0.0.1:" + nsd.port())
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

  @Test
  void failRejectedWithExplanation() throws Exception {
    SmtpClient.Reply reply = send("a@it-fail.spf.test", "someone@spamfree.test", "spf fail");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(550);
    assertThat(reply.text())
        .startsWith("5.7.23")
        .contains("127.0.0.3 is not a mail server of it-fail.spf.test");
    assertThat(server.awaitLogLines("reason=spf_fail", Duration.ofSeconds(10)))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("decision=REJECT stage=rcpt")
                    .contains("domain=it-fail.spf.test"));
  }

  @Test
  void passAcceptedWithBothHeaders() throws Exception {
    SmtpClient.Reply reply = send("a@it-pass.spf.test", "someone@spamfree.test", "spf pass");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = sink.awaitSubject("spf pass", Duration.ofSeconds(30));
    assertThat(received.header("Received-SPF"))
        .startsWith(
            "pass (mx.spamfree.test: domain of a@it-pass.spf.test designates 127.0.0.3 as"
                + " permitted sender)")
        .contains("client-ip=127.0.0.3;")
        .contains("envelope-from=\"a@it-pass.spf.test\";")
        .contains("helo=it-pass.spf.test;")
        .contains("receiver=mx.spamfree.test;")
        .contains("identity=mailfrom;")
        .contains("mechanism=\"ip4:127.0.0.0/24\";");
    assertThat(received.header("Authentication-Results"))
        .isEqualTo(
            "mx.spamfree.test; spf=pass smtp.mailfrom=a@it-pass.spf.test"
                + " smtp.helo=it-pass.spf.test");
    assertThat(received.header("X-Spam-Status")).contains("SPF_PASS").contains("SPF_HELO_PASS");
  }

  @Test
  void failOnlyScoredForScoringDomain() throws Exception {
    SmtpClient.Reply reply = send("a@it-fail.spf.test", "someone@other.test", "spf scored");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = sink.awaitSubject("spf scored", Duration.ofSeconds(30));
    assertThat(received.header("Received-SPF")).startsWith("fail ");
    assertThat(received.header("X-Spam-Status")).contains("SPF_FAIL");
  }

  @Test
  void temperrorDeferred() throws Exception {
    SmtpClient.Reply reply = send("a@it-temp.spf.test", "someone@spamfree.test", "spf temperror");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(451);
    assertThat(reply.text()).startsWith("4.7.24");
  }

  @Test
  void permerrorRejectedWhereConfigured() throws Exception {
    SmtpClient.Reply reply = send("a@syntax.spf.test", "someone@strict.test", "spf permerror");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(550);
    assertThat(reply.text()).startsWith("5.7.24").contains("192.0.2.300");
  }

  @Test
  void relayClientNotChecked() throws Exception {
    SmtpClient.Reply reply;
    try (SmtpClient client = new SmtpClient("127.0.0.5", server.smtpPort)) {
      client.command("EHLO it-pass.spf.test");
      reply =
          client.send(
              "a@it-fail.spf.test",
              List.of("someone@spamfree.test"),
              SmtpClient.message("spf relay"));
    }

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = sink.awaitSubject("spf relay", Duration.ofSeconds(30));
    assertThat(received.header("Received-SPF")).isNull();
    assertThat(received.header("Authentication-Results")).isNull();
  }

  @Test
  void forgedResultsRemoved() throws Exception {
    SmtpClient.Reply reply;
    try (SmtpClient client = new SmtpClient("127.0.0.3", server.smtpPort)) {
      client.command("EHLO it-pass.spf.test");
      reply =
          client.send(
              "a@it-pass.spf.test",
              List.of("someone@other.test"),
              SmtpClient.message(
                  "spf forged",
                  "Authentication-Results: mx.spamfree.test; spf=pass smtp.mailfrom=x@y.test",
                  "Authentication-Results: relay.example.test; spf=none",
                  "Received-SPF: pass (forged) receiver=mx.spamfree.test;"));
    }

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    String content = sink.awaitSubject("spf forged", Duration.ofSeconds(30)).content();
    assertThat(content).doesNotContain("x@y.test").doesNotContain("(forged)");
    assertThat(content).contains("Authentication-Results: relay.example.test; spf=none");
    assertThat(content).contains("Authentication-Results: mx.spamfree.test; spf=pass");
  }

  @Test
  void spfCommandPrintsResultAndTrace() throws Exception {
    PackagedServer.CommandResult result =
        server.runCommand(
            Duration.ofSeconds(60),
            "spf",
            "--ip",
            "192.0.2.7",
            "--helo",
            "mail.example.test",
            "--mail-from",
            "a@it-fail.spf.test",
            "--dns",
            "127.0.0.1:" + nsd.port());

    assertThat(result.exitCode()).as(result.output()).isZero();
    List<String> lines = result.output().lines().toList();
    assertThat(lines.get(0)).isEqualTo("pass");
    assertThat(result.output())
        .contains("matched: ip4:192.0.2.0/24")
        .contains("TXT it-fail.spf.test. -> ANSWER");
  }

  @Test
  void spfCommandRejectsInvalidAddress() throws Exception {
    PackagedServer.CommandResult result =
        server.runCommand(
            Duration.ofSeconds(60),
            "spf",
            "--ip",
            "mail.example.test",
            "--helo",
            "h.example.test",
            "--mail-from",
            "a@example.test");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output()).contains("'mail.example.test' is not an IPv4 or IPv6 address");
  }

  @Test
  void spfBatchWritesOneLinePerInput() throws Exception {
    String input =
        "192.0.2.7\tmail.example.test\ta@it-fail.spf.test\n"
            + "127.0.0.9\tmail.example.test\ta@it-fail.spf.test\n"
            + "not-an-ip\th\ta@b.test\n"
            + "127.0.0.9\tit-pass.spf.test\t\n";

    PackagedServer.CommandResult result =
        server.runCommandWithInput(
            Duration.ofSeconds(60), input, "spf", "--batch", "--dns", "127.0.0.1:" + nsd.port());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output().lines().toList())
        .containsExactly(
            "pass\tit-fail.spf.test\tip4:192.0.2.0/24\t-",
            "fail\tit-fail.spf.test\t-all\t127.0.0.9 is not a mail server of it-fail.spf.test",
            "invalid\t'not-an-ip' is not an IPv4 or IPv6 address",
            "pass\tit-pass.spf.test\tip4:127.0.0.0/24\t-");
  }

  private static SmtpClient.Reply send(String sender, String recipient, String subject)
      throws Exception {
    try (SmtpClient client = new SmtpClient("127.0.0.3", server.smtpPort)) {
      client.command("EHLO it-pass.spf.test");
      return client.send(sender, List.of(recipient), SmtpClient.message(subject));
    }
  }
}
