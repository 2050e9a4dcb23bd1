package org.spamfree.hooks;

import java.io.IOException;
import javax.inject.Inject;
import javax.mail.MessagingException;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.clamav.ClamdClient;
import org.spamfree.core.clamav.ScanDecision;
import org.spamfree.core.clamav.ScanInput;
import org.spamfree.core.clamav.ScanResult;
import org.spamfree.core.clamav.VirusAttributes;

/**
 * Scans each message with clamd at the end of DATA, before the 250 reply, so that a virus is
 * refused with 554 5.7.1 and the signature name and no bounce goes to a forged sender. When no
 * clamd server can scan the message, the reply is 451 4.7.1 unless {@code clamav.on.failure =
 * accept}; a message above {@code clamav.stream.max.length} follows {@code clamav.on.oversize}.
 * Place it before {@link VerdictMessageHook}, which scores the {@code CLAM_UNSCANNED} and {@code
 * CLAM_OVERSIZED} symbols it adds.
 *
 * <p>Accepted mail gets the {@code org.spamfree.virus.*} attributes, which the {@code
 * AddVirusHeaders} mailet writes as {@code X-Virus-Scanned} and {@code X-Virus-Status}. Relaying
 * clients are scanned too. Does nothing while {@code clamav.servers} is empty.
 *
 * <p>Logs one INFO line per refused message; accepted messages are logged by {@link
 * VerdictMessageHook}.
 */
public class VirusScanHook implements JamesMessageHook {

  private static final Logger LOGGER = LoggerFactory.getLogger(VirusScanHook.class);

  private final ClamdClient client;

  @Inject
  public VirusScanHook(ClamdClient client) {
    this.client = client;
  }

  @Override
  public HookResult onMessage(SMTPSession session, Mail mail) {
    if (!client.settings().enabled()) {
      return HookResult.DECLINED;
    }
    ScanResult result = client.scan(scanInput(mail));
    ScanDecision decision = ScanDecision.of(result, client.settings());

    if (decision.kind() == ScanDecision.Kind.ACCEPT) {
      LOGGER.debug("spamfree clamav {} mail={}", decision.reason(), mail.getName());
      mail.setAttribute(attribute(VirusAttributes.STATUS, decision.status().name()));
      mail.setAttribute(
          attribute(
              VirusAttributes.SCANNED_BY,
              "ClamAV at " + session.getConfiguration().getHelloName()));
      decision.symbol().ifPresent(symbol -> SessionSymbols.addTransactionSymbol(session, symbol));
      return HookResult.DECLINED;
    }

    LOGGER.info(
        "spamfree decision={} stage=data check=clamav reason={} remote={} sender={} recipients={}"
            + " mail={}",
        decision.kind(),
        LogValues.safe(decision.reason()),
        Clients.remoteAddress(session),
        LogValues.safe(mail.getMaybeSender().asString()),
        mail.getRecipients().size(),
        mail.getName());
    return HookResult.builder()
        .hookReturnCode(
            decision.kind() == ScanDecision.Kind.REJECT
                ? HookReturnCode.deny()
                : HookReturnCode.denySoft())
        .smtpReturnCode(decision.smtpCode())
        .smtpDescription(decision.smtpText())
        .build();
  }

  /** Streams the spooled message to clamd. James stores its size, so nothing is read twice. */
  static ScanInput scanInput(Mail mail) {
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
            throw new IOException("Reading message " + mail.getName() + " failed", e);
          }
        });
  }

  private static Attribute attribute(String name, String value) {
    return new Attribute(AttributeName.of(name), AttributeValue.of(value));
  }
}
