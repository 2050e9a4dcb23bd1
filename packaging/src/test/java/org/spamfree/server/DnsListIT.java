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
 * DNS lists through the packaged server, with NSD on loopback serving {@code dnsbl.test}. That zone
 * lists 127.0.0.2, the RFC 5782 test address, so a client connecting from 127.0.0.2 is listed and
 * one from 127.0.0.3 is not. A second list, {@code unserved.example}, is refused by NSD, so every
 * message carries its failure symbol with score 0.
 */
class DnsListIT {

  @RegisterExtension static NsdServer nsd = NsdServer.serving("dnsbl.test", "dbl.test");

  @TempDir static Path directory;
  static SmtpSink sink;
  static PackagedServer server;

  @BeforeAll
  static void startServer() throws Exception {
    sink = new SmtpSink(0);
    Map<String, String> properties = new HashMap<>();
    properties.put("local.user.demo@spamfree.test", null);
    properties.put("dnsbl.lists", "test, unserved, dbl");
    properties.put("dnsbl.dbl.zone", "dbl.test");
    properties.put("dnsbl.dbl.type", "domain");
    properties.put("dnsbl.dbl.other", "DBL_TEST");
    properties.put("score.DBL_TEST", "3.0");
    properties.put("dnsbl.test.zone", "dnsbl.test");
    properties.put("dnsbl.test.codes", "127.0.0.2=RBL_TEST_SBL, 127.0.0.4-127.0.0.7=RBL_TEST_XBL");
    properties.put("score.RBL_TEST_SBL", "20.0");
    properties.put("score.RBL_TEST_XBL", "8.0");
    properties.put("dnsbl.unserved.zone", "unserved.example");
    properties.put("dnsbl.unserved.other", "RBL_UNSERVED");
    properties.put("score.RBL_UNSERVED", "5.0");
    properties.put("allowlist.networks", "127.0.0.4/32");
    server =
        PackagedServer.create(directory)
            .properties(properties)
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
  void listedClientRejectedWithListReason() throws Exception {
    SmtpClient.Reply reply = send("127.0.0.2", "listed client");

    assertThat(reply.code()).isEqualTo(550);
    assertThat(reply.text())
        .startsWith("5.7.1")
        .contains("RBL_TEST_SBL")
        .contains("listed in dnsbl.test (127.0.0.2): Test entry");
    assertThat(server.awaitLogLines("spamfree decision=REJECT stage=data", Duration.ofSeconds(10)))
        .anySatisfy(line -> assertThat(line).contains("remote=127.0.0.2").contains("RBL_TEST_SBL"));
  }

  @Test
  void unlistedClientAcceptedWithFailureSymbolOfRefusedList() throws Exception {
    SmtpClient.Reply reply = send("127.0.0.3", "unlisted client");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = await("unlisted client");
    assertThat(received.header("X-Spam-Status"))
        .isEqualTo("No, score=0.0 required=5.0 tests=DNSBL_UNSERVED_FAIL");
  }

  @Test
  void allowlistedClientSkipsLists() throws Exception {
    SmtpClient.Reply reply = send("127.0.0.4", "allowlisted client");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    assertThat(await("allowlisted client").header("X-Spam-Status"))
        .isEqualTo("No, score=-20.0 required=5.0 tests=LOCAL_ALLOWLIST");
  }

  @Test
  void listedHeloNameScored() throws Exception {
    SmtpClient.Reply reply;
    try (SmtpClient client = new SmtpClient("127.0.0.3", server.smtpPort)) {
      client.command("EHLO spam.example.test");
      reply =
          client.send(
              "a@sender.example",
              List.of("someone@spamfree.test"),
              SmtpClient.message("listed helo"));
    }

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    assertThat(await("listed helo").header("X-Spam-Status"))
        .isEqualTo("No, score=3.0 required=5.0 tests=DNSBL_UNSERVED_FAIL,DBL_TEST");
  }

  @Test
  void listedSenderDomainScored() throws Exception {
    SmtpClient.Reply reply;
    try (SmtpClient client = new SmtpClient("127.0.0.3", server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      reply =
          client.send(
              "bulk@spam.example.test",
              List.of("someone@spamfree.test"),
              SmtpClient.message("listed sender"));
    }

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    assertThat(await("listed sender").header("X-Spam-Status"))
        .isEqualTo("No, score=3.0 required=5.0 tests=DNSBL_UNSERVED_FAIL,DBL_TEST");
  }

  @Test
  void dnsblCommandPrintsEveryList() throws Exception {
    PackagedServer.CommandResult result =
        server.runCommand(
            Duration.ofSeconds(60), "dnsbl", "127.0.0.2", "--dns", "127.0.0.1:" + nsd.port());

    // unserved.example answers SERVFAIL, so its result is unknown and the tool exits 1.
    assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
    assertThat(result.output()).contains("1 list(s) gave no usable answer");
    assertThat(result.output())
        .contains(
            "dnsbl.test  query 2.0.0.127.dnsbl.test  LISTED 127.0.0.2 = RBL_TEST_SBL  \"Test entry\"")
        .contains("unserved.example  query 2.0.0.127.unserved.example  FAILED SERVFAIL");
  }

  @Test
  void dnsblCommandRejectsInvalidAddress() throws Exception {
    PackagedServer.CommandResult result =
        server.runCommand(Duration.ofSeconds(60), "dnsbl", "example.test");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output()).contains("'example.test' is not an IPv4 or IPv6 address");
  }

  @Test
  void selfTestRanAtStart() throws Exception {
    assertThat(
            server.awaitLogLines(
                "DNS list zone=unserved.example self-test failed", Duration.ofSeconds(10)))
        .isNotEmpty();
    assertThat(server.log()).doesNotContain("zone=dnsbl.test self-test failed");
  }

  private static SmtpClient.Reply send(String source, String subject) throws Exception {
    try (SmtpClient client = new SmtpClient(source, server.smtpPort)) {
      client.command("EHLO mail.sender.example");
      return client.send(
          "sender@sender.example", List.of("someone@spamfree.test"), SmtpClient.message(subject));
    }
  }

  private static SmtpSink.Received await(String subject) throws Exception {
    return sink.awaitSubject(subject, Duration.ofSeconds(30));
  }
}
