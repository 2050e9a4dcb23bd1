package org.spamfree.hooks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.attachment.AttachmentInspector;
import org.spamfree.core.attachment.AttachmentSettings;
import org.spamfree.core.attachment.AttachmentVerdict;
import org.spamfree.core.attachment.InspectionReport;
import org.spamfree.core.config.ProtectedDomain;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.verdict.Symbol;

/**
 * Checks the true type of each attachment at the end of DATA and adds the {@code ATTACHMENT_*}
 * symbols to the transaction, which {@link VerdictMessageHook} scores. Place it before that hook.
 * Skips relaying clients, as the other checks do, and does nothing when {@code attachment.enabled =
 * false}.
 *
 * <p>Banned extensions and types are those of every recipient's policy together.
 *
 * <p>Logs one DEBUG line per message with the symbols, and a WARN when the spooled message cannot
 * be read; the message is then scored without attachment symbols.
 */
public class AttachmentCheckHook implements JamesMessageHook {

  private static final Logger LOGGER = LoggerFactory.getLogger(AttachmentCheckHook.class);

  private final AttachmentInspector inspector;
  private final SpamfreeSettings settings;

  @Inject
  public AttachmentCheckHook(AttachmentInspector inspector, SpamfreeSettings settings) {
    this.inspector = inspector;
    this.settings = settings;
  }

  @Override
  public HookResult onMessage(SMTPSession session, Mail mail) {
    AttachmentSettings attachments = inspector.settings();
    if (!attachments.enabled() || Clients.isRelayClient(session)) {
      return HookResult.DECLINED;
    }
    InspectionReport report;
    try (InputStream message = messageStream(mail.getMessage())) {
      report = inspector.inspect(message);
    } catch (IOException | MessagingException e) {
      LOGGER.warn(
          "spamfree attachment check failed, message scored without it mail={}: {}",
          mail.getName(),
          e.toString());
      return HookResult.DECLINED;
    }

    // TODO: a transaction whose recipients have different policies gets the bans of all of them,
    // because symbols belong to the whole transaction, not to one recipient.
    Set<String> extensions = new TreeSet<>();
    Set<String> types = new TreeSet<>();
    for (String policy : recipientPolicies(mail.getRecipients())) {
      extensions.addAll(attachments.bannedExtensions(policy));
      types.addAll(attachments.bannedTypes(policy));
    }
    List<Symbol> symbols = AttachmentVerdict.symbols(report, extensions, types);
    LOGGER.debug(
        "spamfree attachments parts={} symbols={} mail={}",
        report.parts().size(),
        symbols,
        mail.getName());
    symbols.forEach(symbol -> SessionSymbols.addTransactionSymbol(session, symbol));
    return HookResult.DECLINED;
  }

  private Set<String> recipientPolicies(java.util.Collection<MailAddress> recipients) {
    Set<String> policies = new TreeSet<>();
    for (MailAddress recipient : recipients) {
      policies.add(
          settings
              .protectedDomain(recipient.getDomain().asString())
              .map(ProtectedDomain::policy)
              .orElse(settings.defaultPolicy())
              .name());
    }
    return policies;
  }

  /**
   * Returns the message as sent: its header lines, a blank line and the raw body, streamed from
   * James's spool rather than copied into memory.
   */
  static InputStream messageStream(MimeMessage message) throws MessagingException {
    StringBuilder headers = new StringBuilder();
    Enumeration<String> lines = message.getAllHeaderLines();
    while (lines.hasMoreElements()) {
      headers.append(lines.nextElement()).append("\r\n");
    }
    headers.append("\r\n");
    return new SequenceInputStream(
        new ByteArrayInputStream(headers.toString().getBytes(StandardCharsets.UTF_8)),
        message.getRawInputStream());
  }
}
