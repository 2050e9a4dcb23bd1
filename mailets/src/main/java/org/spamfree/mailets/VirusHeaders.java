package org.spamfree.mailets;

import java.util.List;
import java.util.Optional;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.spamfree.core.clamav.VirusAttributes;
import org.spamfree.core.clamav.VirusStatus;

/** Writes the virus scan's result as {@code X-Virus-Scanned} and {@code X-Virus-Status}. */
final class VirusHeaders {

  static final String SCANNED = "X-Virus-Scanned";
  static final String STATUS = "X-Virus-Status";

  /** Headers that claim a scan result, removed so that only Spamfree's own reach the reader. */
  static final List<String> FORGEABLE = List.of(SCANNED, STATUS);

  private VirusHeaders() {}

  /**
   * Removes forged copies, then writes the result held in the mail's attributes. A mail without a
   * scan result only loses the forged headers.
   */
  static void write(Mail mail) throws MessagingException {
    MimeMessage message = mail.getMessage();
    for (String header : FORGEABLE) {
      message.removeHeader(header);
    }
    Optional<VirusStatus> status = status(mail);
    if (status.isEmpty()) {
      return;
    }
    String signature = string(mail, VirusAttributes.SIGNATURE).orElse(null);
    message.setHeader(SCANNED, string(mail, VirusAttributes.SCANNED_BY).orElse("ClamAV"));
    message.setHeader(STATUS, status.get().headerValue(signature));
  }

  static Optional<VirusStatus> status(Mail mail) {
    return string(mail, VirusAttributes.STATUS)
        .flatMap(
            name -> {
              try {
                return Optional.of(VirusStatus.valueOf(name));
              } catch (IllegalArgumentException e) {
                return Optional.empty();
              }
            });
  }

  static Optional<String> string(Mail mail, String name) {
    return mail.getAttribute(AttributeName.of(name))
        .flatMap(attribute -> attribute.getValue().valueAs(String.class));
  }
}
