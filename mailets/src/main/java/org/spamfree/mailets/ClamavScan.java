package org.spamfree.mailets;

import java.io.IOException;
import javax.inject.Inject;
import javax.mail.MessagingException;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.clamav.ClamdClient;
import org.spamfree.core.clamav.ScanDecision;
import org.spamfree.core.clamav.ScanInput;
import org.spamfree.core.clamav.VirusAttributes;
import org.spamfree.core.clamav.VirusStatus;

/**
 * Scans each mail with clamd after James has queued it, for installs that prefer scanning in the
 * mailet container to scanning at SMTP time. Uses the {@code clamav.*} settings of {@code
 * spamfree.properties}.
 *
 * <pre>
 * &lt;mailet match="All" class="org.spamfree.mailets.ClamavScan"&gt;
 *   &lt;errorProcessor&gt;error&lt;/errorProcessor&gt;
 *   &lt;scannedBy&gt;ClamAV at mx.example.test&lt;/scannedBy&gt;
 * &lt;/mailet&gt;
 * &lt;mailet match="org.spamfree.matchers.VirusStatusIs=INFECTED" class="ToProcessor"&gt;
 *   &lt;processor&gt;virus&lt;/processor&gt;
 * &lt;/mailet&gt;
 * </pre>
 *
 * Sets the {@code org.spamfree.virus.*} attributes and the {@code X-Virus-Scanned} and {@code
 * X-Virus-Status} headers (removing forged copies). A virus is only marked: the {@code
 * VirusStatusIs} matcher routes it, typically to a processor with {@code ToRepository}. It fails
 * safe: a mail that no server could scan, or that is over the stream limit when {@code
 * clamav.on.oversize} is not {@code accept}, moves to {@code errorProcessor} (default {@value
 * #DEFAULT_ERROR_PROCESSOR}) and never reaches delivery; with {@code clamav.on.failure = accept} it
 * continues as {@code Unscanned}.
 */
public class ClamavScan extends GenericMailet {

  static final String DEFAULT_ERROR_PROCESSOR = "error";
  private static final Logger LOGGER = LoggerFactory.getLogger(ClamavScan.class);

  private final ClamdClient client;
  private String errorProcessor;
  private String scannedBy;

  @Inject
  public ClamavScan(ClamdClient client) {
    this.client = client;
  }

  @Override
  public void init() throws MessagingException {
    if (!client.settings().enabled()) {
      throw new MessagingException(
          "ClamavScan needs at least one clamd server: set clamav.servers in spamfree.properties,"
              + " such as clamav.servers = unix:/run/clamav/clamd.ctl");
    }
    errorProcessor = getInitParameter("errorProcessor", DEFAULT_ERROR_PROCESSOR);
    scannedBy = getInitParameter("scannedBy", "ClamAV");
    if (errorProcessor.isBlank()) {
      throw new MessagingException(
          "ClamavScan parameter errorProcessor is empty: name the processor for mail that could"
              + " not be scanned, such as 'error'");
    }
  }

  @Override
  public void service(Mail mail) throws MessagingException {
    ScanDecision decision = ScanDecision.of(client.scan(scanInput(mail)), client.settings());

    if (decision.kind() == ScanDecision.Kind.ACCEPT || decision.status() == VirusStatus.INFECTED) {
      mail.setAttribute(attribute(VirusAttributes.STATUS, decision.status().name()));
      mail.setAttribute(attribute(VirusAttributes.SCANNED_BY, scannedBy));
      decision
          .signature()
          .ifPresent(
              signature -> mail.setAttribute(attribute(VirusAttributes.SIGNATURE, signature)));
      VirusHeaders.write(mail);
      LOGGER.info(
          "spamfree clamav status={} stage=queue reason={} mail={}",
          decision.status(),
          decision.reason(),
          mail.getName());
      return;
    }

    mail.setAttribute(attribute(VirusAttributes.STATUS, VirusStatus.UNSCANNED.name()));
    mail.setErrorMessage("Virus scan failed: " + decision.reason());
    LOGGER.warn(
        "spamfree clamav status=UNSCANNED stage=queue reason={} processor={} mail={}",
        decision.reason(),
        errorProcessor,
        mail.getName());
    mail.setState(errorProcessor);
  }

  @Override
  public String getMailetInfo() {
    return "Spamfree ClamAV scan after queueing";
  }

  private static ScanInput scanInput(Mail mail) {
    long size;
    try {
      size = mail.getMessageSize();
    } catch (MessagingException e) {
      size = -1;
    }
    return ScanInput.of(
        size,
        output -> {
          try {
            mail.getMessage().writeTo(output);
          } catch (MessagingException e) {
            throw new IOException("Reading mail " + mail.getName() + " failed", e);
          }
        });
  }

  private static Attribute attribute(String name, String value) {
    return new Attribute(AttributeName.of(name), AttributeValue.of(value));
  }
}
