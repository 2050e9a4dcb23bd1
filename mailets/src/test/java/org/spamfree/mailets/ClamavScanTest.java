package org.spamfree.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.spamfree.core.clamav.ClamavSettings;
import org.spamfree.core.clamav.ClamavSettings.FailureAction;
import org.spamfree.core.clamav.ClamavSettings.OversizeAction;
import org.spamfree.core.clamav.ClamdClient;
import org.spamfree.core.clamav.ClamdEndpoint;
import org.spamfree.core.clamav.ClamdServer;
import org.spamfree.core.clamav.SilentClamdServer;
import org.spamfree.core.clamav.TestSignatures;
import org.spamfree.core.clamav.VirusAttributes;

class ClamavScanTest {

  @RegisterExtension static final ClamdServer CLAMD = ClamdServer.create();

  @Test
  void infectedMailIsMarkedWithSignature() throws Exception {
    Mail mail = mail(messageWithAttachment(TestSignatures.eicar()));

    mailet(List.of(CLAMD.tcpEndpoint()), FailureAction.TEMPFAIL, 1_000_000).service(mail);

    assertThat(string(mail, VirusAttributes.STATUS)).hasValue("INFECTED");
    assertThat(string(mail, VirusAttributes.SIGNATURE)).hasValue(TestSignatures.EICAR_SIGNATURE);
    assertThat(mail.getMessage().getHeader("X-Virus-Status", null))
        .isEqualTo("Infected (" + TestSignatures.EICAR_SIGNATURE + ")");
    assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
  }

  @Test
  void cleanMailGetsHeadersAndForgedOnesGo() throws Exception {
    Mail mail = mail(messageWithAttachment("harmless".getBytes(StandardCharsets.US_ASCII)));

    mailet(List.of(CLAMD.unixEndpoint()), FailureAction.TEMPFAIL, 1_000_000).service(mail);

    assertThat(string(mail, VirusAttributes.STATUS)).hasValue("CLEAN");
    assertThat(mail.getMessage().getHeader("X-Virus-Status")).containsExactly("Clean");
    assertThat(mail.getMessage().getHeader("X-Virus-Scanned"))
        .containsExactly("ClamAV at mx.example.test");
    assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
  }

  @Test
  void unreachableClamdSendsMailToErrorProcessor() throws Exception {
    try (SilentClamdServer silent = new SilentClamdServer()) {
      Mail mail = mail(messageWithAttachment(TestSignatures.eicar()));

      mailet(List.of(silent.endpoint()), FailureAction.TEMPFAIL, 1_000_000).service(mail);

      assertThat(mail.getState()).isEqualTo("virus-error");
      assertThat(string(mail, VirusAttributes.STATUS)).hasValue("UNSCANNED");
      assertThat(mail.getErrorMessage()).contains("timed out");
    }
  }

  @Test
  void acceptOnFailureMarksMailUnscanned() throws Exception {
    try (SilentClamdServer silent = new SilentClamdServer()) {
      Mail mail = mail(messageWithAttachment("harmless".getBytes(StandardCharsets.US_ASCII)));

      mailet(List.of(silent.endpoint()), FailureAction.ACCEPT, 1_000_000).service(mail);

      assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
      assertThat(mail.getMessage().getHeader("X-Virus-Status")).containsExactly("Unscanned");
    }
  }

  @Test
  void oversizedMailGoesToErrorProcessor() throws Exception {
    Mail mail = mail(messageWithAttachment(new byte[8192]));

    mailet(List.of(CLAMD.tcpEndpoint()), FailureAction.TEMPFAIL, 2048).service(mail);

    assertThat(mail.getState()).isEqualTo("virus-error");
    assertThat(mail.getErrorMessage()).contains("oversized");
  }

  @Test
  void initFailsWithoutServers() {
    ClamavScan mailet = new ClamavScan(new ClamdClient(ClamavSettings.disabled()));

    assertThatThrownBy(
            () -> mailet.init(FakeMailetConfig.builder().mailetName("ClamavScan").build()))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("clamav.servers");
  }

  private static ClamavScan mailet(List<ClamdEndpoint> servers, FailureAction onFailure, long limit)
      throws MessagingException {
    ClamavSettings settings =
        new ClamavSettings(
            servers,
            Duration.ofSeconds(1),
            Duration.ofMillis(500),
            Duration.ofMillis(100),
            limit,
            onFailure,
            OversizeAction.REJECT,
            0,
            Duration.ofSeconds(20),
            Duration.ofSeconds(30));
    ClamavScan mailet = new ClamavScan(new ClamdClient(settings));
    mailet.init(
        FakeMailetConfig.builder()
            .mailetName("ClamavScan")
            .setProperty("errorProcessor", "virus-error")
            .setProperty("scannedBy", "ClamAV at mx.example.test")
            .build());
    return mailet;
  }

  private static Mail mail(MimeMessage message) throws MessagingException {
    return FakeMail.builder()
        .name("mail-1")
        .state(Mail.DEFAULT)
        .recipients("alice@example.test")
        .mimeMessage(message)
        .build();
  }

  /** Returns a message with a base64 attachment and forged X-Virus-* headers. */
  private static MimeMessage messageWithAttachment(byte[] attachment) throws MessagingException {
    String text =
        String.join(
            "\r\n",
            "From: sender@sender.example",
            "To: alice@example.test",
            "Subject: Invoice",
            "X-Virus-Scanned: forged",
            "X-Virus-Status: Clean",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=b1",
            "",
            "--b1",
            "Content-Type: text/plain",
            "",
            "See the attachment.",
            "--b1",
            "Content-Type: application/octet-stream; name=file.bin",
            "Content-Transfer-Encoding: base64",
            "Content-Disposition: attachment; filename=file.bin",
            "",
            Base64.getMimeEncoder().encodeToString(attachment),
            "--b1--",
            "");
    return new MimeMessage(
        Session.getInstance(new Properties()),
        new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
  }

  private static Optional<String> string(Mail mail, String name) {
    return VirusHeaders.string(mail, name);
  }
}
