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
 * The reverse-DNS and HELO DNS checks through the packaged server, with NSD on loopback serving PTR
 * records for 127.0.0.0/24 and the {@code sender.example} zone: 127.0.0.5 is forward-confirmed as
 * {@code mail5.sender.example}, 127.0.0.6 is not confirmed, 127.0.0.7 has a dynamic-looking name
 * and 127.0.0.8 has no PTR record.
 */
class ReverseDnsIT {

  @RegisterExtension
  static NsdServer nsd = NsdServer.serving("0.0.127.in-addr.arpa", "sender.example");

  @TempDir static Path directory;
  static SmtpSink sink;
  static PackagedServer server;

  @BeforeAll
  static void startServer() throws Exception {
    sink = new SmtpSink(0);
    Map<String, String> properties = new HashMap<>();
    properties.put("local.user.demo@spamfree.test", null);
    properties.put("rdns.enabled", "true");
    properties.put("helo.dns.enabled", "true");
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
  void confirmedClientWithMatchingHeloClean() throws Exception {
    assertThat(status("127.0.0.5", "mail5.sender.example", "confirmed"))
        .isEqualTo("No, score=0.0 required=5.0 tests=none");
  }

  @Test
  void unconfirmedClientWithUnresolvableHeloScored() throws Exception {
    assertThat(status("127.0.0.6", "nowhere.sender.example", "unconfirmed"))
        .isEqualTo("No, score=1.5 required=5.0 tests=RDNS_NOT_CONFIRMED,HELO_NOT_RESOLVING");
  }

  @Test
  void dynamicClientWithOtherHeloScored() throws Exception {
    assertThat(status("127.0.0.7", "mail5.sender.example", "dynamic"))
        .isEqualTo("No, score=1.8 required=5.0 tests=RDNS_DYNAMIC,HELO_RDNS_MISMATCH");
  }

  @Test
  void clientWithoutPtrScored() throws Exception {
    assertThat(status("127.0.0.8", "mail5.sender.example", "no ptr"))
        .isEqualTo("No, score=1.5 required=5.0 tests=RDNS_NONE");
  }

  @Test
  void rdnsCommandPrintsConfirmation() throws Exception {
    PackagedServer.CommandResult result =
        server.runCommand(
            Duration.ofSeconds(60), "rdns", "127.0.0.6", "--dns", "127.0.0.1:" + nsd.port());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("PTR names: unconfirmed.sender.example")
        .contains("Forward-confirmed name: none")
        .contains("RDNS_NOT_CONFIRMED");
  }

  private static String status(String source, String helo, String subject) throws Exception {
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
