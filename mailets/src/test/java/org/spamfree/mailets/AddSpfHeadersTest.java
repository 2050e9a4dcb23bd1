package org.spamfree.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spamfree.core.spf.SpfHeaders;

class AddSpfHeadersTest {

  private static final String AUTHSERV_ID = "mx.spamfree.test";

  /** A message with forged results claiming this server and genuine ones of another server. */
  private static final String MESSAGE =
      String.join(
          "\r\n",
          "Received-SPF: pass (mx.spamfree.test: forged) receiver=mx.spamfree.test;",
          "Received-SPF: fail (relay.example.test: domain of a@example.test does not designate",
          " 192.0.2.9 as permitted sender) receiver=relay.example.test;",
          "Authentication-Results: mx.spamfree.test;",
          " spf=pass smtp.mailfrom=a@example.test",
          "Authentication-Results: relay.example.test; spf=fail smtp.mailfrom=a@example.test",
          "From: a@example.test",
          "Subject: Offer",
          "",
          "Body.",
          "");

  private AddSpfHeaders mailet;

  @BeforeEach
  void setUp() throws Exception {
    mailet = new AddSpfHeaders(AUTHSERV_ID);
    mailet.init(FakeMailetConfig.builder().mailetName("AddSpfHeaders").build());
  }

  @Test
  void forgedFieldsRemovedOthersKept() throws Exception {
    Mail mail = mail();

    mailet.service(mail);

    assertThat(unfolded(mail, "Received-SPF"))
        .containsExactly(
            "fail (relay.example.test: domain of a@example.test does not designate 192.0.2.9 as"
                + " permitted sender) receiver=relay.example.test;");
    assertThat(unfolded(mail, "Authentication-Results"))
        .containsExactly("relay.example.test; spf=fail smtp.mailfrom=a@example.test");
  }

  @Test
  void resultsOfHooksAdded() throws Exception {
    Mail mail = mail();
    Map<String, AttributeValue<?>> headers = new LinkedHashMap<>();
    String receivedSpf =
        "pass (mx.spamfree.test: domain of b@example.test designates 192.0.2.1 as permitted"
            + " sender) client-ip=192.0.2.1; envelope-from=\"b@example.test\";"
            + " receiver=mx.spamfree.test; identity=mailfrom;";
    headers.put(SpfHeaders.RECEIVED_SPF, AttributeValue.of(receivedSpf));
    headers.put(
        SpfHeaders.AUTHENTICATION_RESULTS,
        AttributeValue.of("mx.spamfree.test; spf=pass smtp.mailfrom=b@example.test"));
    mail.setAttribute(
        new Attribute(AttributeName.of(SpfHeaders.ATTRIBUTE), AttributeValue.of(headers)));

    mailet.service(mail);

    assertThat(unfolded(mail, "Received-SPF")).hasSize(2).contains(receivedSpf);
    assertThat(unfolded(mail, "Authentication-Results"))
        .containsExactly(
            "relay.example.test; spf=fail smtp.mailfrom=a@example.test",
            "mx.spamfree.test; spf=pass smtp.mailfrom=b@example.test");
    for (String line : mail.getMessage().getHeader("Received-SPF")) {
      assertThat(line.lines()).allSatisfy(part -> assertThat(part.length()).isLessThan(78));
    }
  }

  @Test
  void mailWithoutResultsOnlyLosesForgedFields() throws Exception {
    Mail mail = mail();

    mailet.service(mail);

    assertThat(mail.getMessage().getHeader("Received-SPF")).hasSize(1);
    assertThat(mail.getMessage().getHeader("Subject")).containsExactly("Offer");
  }

  private static List<String> unfolded(Mail mail, String name) throws Exception {
    String[] values = mail.getMessage().getHeader(name);
    return values == null ? List.of() : Arrays.stream(values).map(MimeUtility::unfold).toList();
  }

  private static Mail mail() throws Exception {
    MimeMessage message =
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.US_ASCII)));
    return FakeMail.builder().name("mail-1").mimeMessage(message).build();
  }
}
