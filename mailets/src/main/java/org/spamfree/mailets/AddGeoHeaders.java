package org.spamfree.mailets;

import java.io.UnsupportedEncodingException;
import java.util.List;
import java.util.Optional;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.spamfree.core.geo.GeoAttributes;

/**
 * Writes the client's country and autonomous system from the geo attributes into headers that Sieve
 * scripts and mail clients can test:
 *
 * <pre>
 * X-Spamfree-Country: DE
 * X-Spamfree-ASN: 64496 Example Transit
 * </pre>
 *
 * Headers with these names that arrived with the message are removed first, so a sender cannot
 * claim a country. A message whose client country is unknown gets no {@code X-Spamfree-Country}. An
 * organisation name with non-ASCII characters is written as an RFC 2047 encoded word.
 */
public class AddGeoHeaders extends GenericMailet {

  static final String COUNTRY = "X-Spamfree-Country";
  static final String ASN = "X-Spamfree-ASN";
  static final List<String> FORGEABLE = List.of(COUNTRY, ASN);

  @Override
  public void service(Mail mail) throws MessagingException {
    MimeMessage message = mail.getMessage();
    for (String header : FORGEABLE) {
      message.removeHeader(header);
    }

    Optional<String> country = attribute(mail, GeoAttributes.COUNTRY, String.class);
    if (country.isPresent()) {
      message.setHeader(COUNTRY, country.get());
    }
    Optional<Long> asn = attribute(mail, GeoAttributes.ASN, Long.class);
    if (asn.isPresent()) {
      Optional<String> organization = attribute(mail, GeoAttributes.AS_ORGANIZATION, String.class);
      String value = asn.get() + organization.map(name -> " " + encode(name)).orElse("");
      message.setHeader(ASN, MimeUtility.fold(ASN.length() + 2, value));
    }
  }

  @Override
  public String getMailetInfo() {
    return "Spamfree X-Spamfree-Country and X-Spamfree-ASN headers";
  }

  private static <T> Optional<T> attribute(Mail mail, String name, Class<T> type) {
    return mail.getAttribute(AttributeName.of(name))
        .flatMap(attribute -> attribute.getValue().valueAs(type));
  }

  /** Keeps a printable ASCII name as it is and encodes any other one; line breaks become spaces. */
  private static String encode(String name) {
    String safe = name.replace('\r', ' ').replace('\n', ' ');
    try {
      return MimeUtility.encodeText(safe, "UTF-8", "Q");
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is always supported", e);
    }
  }
}
