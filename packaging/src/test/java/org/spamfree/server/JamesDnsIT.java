package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.spamfree.core.dns.NsdServer;

/**
 * James's own DNS service follows {@code SPAMFREE_DNS_SERVERS}, port included: a relay client's
 * mail to {@code mx.test} is delivered by MX, found through NSD on a non-standard port, to {@code
 * mail.mx.test} at 127.0.0.9. SMTP delivery by MX always uses port 25, so the test sink listens on
 * 127.0.0.9:25, which needs root.
 */
class JamesDnsIT {

  @RegisterExtension static NsdServer nsd = NsdServer.serving("mx.test");

  @TempDir Path directory;

  @Test
  void remoteDeliveryFindsMxThroughSpamfreeDnsServers() throws Exception {
    SmtpSink mxHost;
    try {
      mxHost = new SmtpSink(InetAddress.getByName("127.0.0.9"), 25);
    } catch (IOException e) {
      System.err.println(
          "SKIPPED JamesDnsIT: cannot listen on 127.0.0.9:25 ("
              + e.getMessage()
              + "); run as root");
      assumeTrue(false, "listening on port 25 needs root: " + e.getMessage());
      return;
    }
    Map<String, String> properties = new HashMap<>();
    properties.put("local.user.demo@spamfree.test", null);
    PackagedServer server =
        PackagedServer.create(directory)
            .properties(properties)
            .replaceInConf(
                "smtpserver.xml",
                "<verifyIdentity>",
                "<authorizedAddresses>127.0.0.1</authorizedAddresses>\n<verifyIdentity>")
            .env("SPAMFREE_DNS_SERVERS", "127.0.0.1:" + nsd.port());
    try (mxHost;
        server) {
      server.start();
      try (SmtpClient client = new SmtpClient("127.0.0.1", server.smtpPort)) {
        client.command("EHLO relay-client.spamfree.test");
        SmtpClient.Reply reply =
            client.send(
                "relay@spamfree.test", List.of("user@mx.test"), SmtpClient.message("by mx"));
        assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
      }

      List<SmtpSink.Received> received = mxHost.await(1, Duration.ofSeconds(60));
      assertThat(received).hasSize(1);
      assertThat(received.get(0).recipients()).containsExactly("user@mx.test");
      assertThat(received.get(0).header("Subject")).isEqualTo("by mx");
      assertThat(server.log()).contains("James DNS service uses the Spamfree DNS servers");
    }
  }
}
