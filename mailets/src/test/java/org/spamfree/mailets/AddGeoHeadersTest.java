package org.spamfree.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
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
import org.spamfree.core.geo.GeoAttributes;

class AddGeoHeadersTest {

  private static final String FORGED_MESSAGE =
      String.join(
          "\r\n",
          "From: sender@sender.example",
          "To: alice@example.test",
          "Subject: Offer",
          "X-Spamfree-Country: CH",
          "X-Spamfree-Country: LI",
          "X-Spamfree-ASN: 1 Forged",
          "",
          "Body.",
          "");

  private AddGeoHeaders mailet;

  @BeforeEach
  void setUp() throws Exception {
    mailet = new AddGeoHeaders();
    mailet.init(FakeMailetConfig.builder().mailetName("AddGeoHeaders").build());
  }

  private static Mail mail(Attribute... attributes) throws Exception {
    MimeMessage message =
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(FORGED_MESSAGE.getBytes(StandardCharsets.US_ASCII)));
    FakeMail.Builder builder =
        FakeMail.builder().name("geo").recipients("alice@example.test").mimeMessage(message);
    for (Attribute attribute : attributes) {
      builder.attribute(attribute);
    }
    return builder.build();
  }

  private static Attribute attribute(String name, Object value) {
    return new Attribute(AttributeName.of(name), AttributeValue.ofAny(value));
  }

  @Test
  void countryReplacesForgedHeaders() throws Exception {
    Mail mail = mail(attribute(GeoAttributes.COUNTRY, "DE"));

    mailet.service(mail);

    assertThat(mail.getMessage().getHeader("X-Spamfree-Country")).containsExactly("DE");
    assertThat(mail.getMessage().getHeader("X-Spamfree-ASN")).isNull();
  }

  @Test
  void unknownCountryOnlyRemovesForgedHeaders() throws Exception {
    Mail mail = mail(attribute(GeoAttributes.NO_COUNTRY_REASON, "special:loopback"));

    mailet.service(mail);

    assertThat(mail.getMessage().getHeader("X-Spamfree-Country")).isNull();
    assertThat(mail.getMessage().getHeader("X-Spamfree-ASN")).isNull();
  }

  @Test
  void asnHeaderHasNumberAndOrganization() throws Exception {
    Mail mail =
        mail(
            attribute(GeoAttributes.COUNTRY, "FR"),
            attribute(GeoAttributes.ASN, 64496L),
            attribute(GeoAttributes.AS_ORGANIZATION, "Example Transit"));

    mailet.service(mail);

    assertThat(mail.getMessage().getHeader("X-Spamfree-ASN"))
        .containsExactly("64496 Example Transit");
  }

  @Test
  void nonAsciiOrganizationIsEncodedWord() throws Exception {
    Mail mail =
        mail(
            attribute(GeoAttributes.ASN, 64497L),
            attribute(GeoAttributes.AS_ORGANIZATION, "Exämple Netz"));

    mailet.service(mail);

    String header = mail.getMessage().getHeader("X-Spamfree-ASN")[0];
    assertThat(header).startsWith("64497 =?UTF-8?Q?");
    assertThat(MimeUtility.decodeText(MimeUtility.unfold(header))).isEqualTo("64497 Exämple Netz");
  }
}
