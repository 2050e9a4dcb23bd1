package org.spamfree.hooks;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.inject.Inject;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.config.ProtectedDomain;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.spf.SpfEvaluation;
import org.spamfree.core.spf.SpfEvaluator;
import org.spamfree.core.spf.SpfHeaders;
import org.spamfree.core.spf.SpfOutcome;
import org.spamfree.core.spf.SpfPolicy;
import org.spamfree.core.spf.SpfResult;
import org.spamfree.core.spf.SpfSymbols;

/**
 * Checks SPF (RFC 7208) for each transaction of a client that may not relay.
 *
 * <ul>
 *   <li>MAIL FROM starts the evaluation of the MAIL FROM identity and, with {@code
 *       spf.helo.enabled}, of the HELO identity (§2.3); the null sender is checked as {@code
 *       postmaster@HELO} (§2.4). Their symbols join the verdict at the end of DATA.
 *   <li>RCPT TO applies the SPF policy of the recipient's protected domain: fail refused with 550
 *       5.7.23 and the domain's explanation, temperror with 451 4.7.24, permerror with 550 5.7.24
 *       (RFC 7372), each only where {@code domain.NAME.spf.*} or {@code spf.*} sets it. A domain
 *       that only scores does not wait for the result here.
 *   <li>At the end of DATA it sets the {@code org.spamfree.spf} attribute and the rendered {@code
 *       Received-SPF} and {@code Authentication-Results} values in {@code
 *       org.spamfree.spf.headers}, which {@code AddSpfHeaders} writes into accepted mail.
 * </ul>
 *
 * Clients that authenticated or may relay are not checked, since SPF judges the path from the
 * sender's domain to this server and a submitting client is not on it.
 *
 * <p>NOTE: for a domain that refuses on SPF results, RCPT TO waits for the evaluation on the SMTP
 * thread, at most {@code spf.deadline}. Lookups answered from the cache make that wait short.
 */
public class SpfCheckHook implements MailHook, RcptHook, JamesMessageHook {

  /** The transaction's checks, in a holder with a concrete type for James's attachments. */
  static final class PendingCheck {
    private final CompletableFuture<SpfOutcome> outcome;

    PendingCheck(CompletableFuture<SpfOutcome> outcome) {
      this.outcome = outcome;
    }
  }

  private static final Logger LOGGER = LoggerFactory.getLogger(SpfCheckHook.class);
  private static final AttachmentKey<PendingCheck> CHECK =
      AttachmentKey.of("org.spamfree.spfCheck", PendingCheck.class);
  private static final int MAX_REPLY_TEXT = 300;

  /** Extra wait beyond the evaluation deadline, since the evaluation completes itself by then. */
  private static final long GRACE_MILLIS = 1000;

  private final SpamfreeSettings settings;
  private final SpfEvaluator evaluator;

  @Inject
  public SpfCheckHook(SpamfreeSettings settings, SpfEvaluator evaluator) {
    this.settings = settings;
    this.evaluator = evaluator;
  }

  @Override
  public HookResult doMail(SMTPSession session, MaybeSender sender) {
    if (!settings.spf().enabled() || Clients.isRelayClient(session)) {
      return HookResult.DECLINED;
    }
    InetAddress client = session.getRemoteAddress().getAddress();
    String helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).orElse("");
    String mailFrom = sender.isNullSender() ? "" : sender.get().asString();

    CompletableFuture<SpfEvaluation> mailFromCheck =
        evaluator.checkMailFrom(client, helo, mailFrom);
    CompletableFuture<Optional<SpfEvaluation>> heloCheck =
        settings.spf().heloEnabled() && !sender.isNullSender()
            ? evaluator.checkHelo(client, helo).thenApply(Optional::of)
            : CompletableFuture.completedFuture(Optional.empty());
    CompletableFuture<SpfOutcome> outcome = mailFromCheck.thenCombine(heloCheck, SpfOutcome::new);
    outcome.thenAccept(checked -> logChecks(session, checked));

    session.setAttachment(CHECK, new PendingCheck(outcome), State.Transaction);
    SessionSymbols.addTransactionPending(session, outcome.thenApply(SpfSymbols::symbols));
    return HookResult.DECLINED;
  }

  @Override
  public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
    Optional<PendingCheck> check = session.getAttachment(CHECK, State.Transaction);
    Optional<ProtectedDomain> domain = settings.protectedDomain(rcpt.getDomain().asString());
    if (check.isEmpty() || domain.isEmpty()) {
      return HookResult.DECLINED;
    }
    SpfPolicy policy = settings.spf().policyFor(domain.get().name());
    if (!policy.refusesAny()) {
      return HookResult.DECLINED;
    }

    Optional<SpfOutcome> outcome = await(check.get());
    if (outcome.isEmpty()) {
      return HookResult.DECLINED;
    }

    SpfEvaluation mailFrom = outcome.get().mailFrom();
    SpfResult result = mailFrom.result();
    if (result == SpfResult.FAIL && policy.rejectFail()) {
      String explanation = mailFrom.explanation().orElse("sender not permitted");
      return refuse(
          session,
          rcpt,
          mailFrom,
          HookReturnCode.deny(),
          "550",
          "5.7.23 SPF validation failed: " + explanation);
    }
    if (result == SpfResult.TEMPERROR && policy.tempfailTemperror()) {
      return refuse(
          session,
          rcpt,
          mailFrom,
          HookReturnCode.denySoft(),
          "451",
          "4.7.24 Temporary SPF validation error, try again later: "
              + mailFrom.problem().orElse("DNS lookup failed"));
    }
    if (result == SpfResult.PERMERROR && policy.rejectPermerror()) {
      return refuse(
          session,
          rcpt,
          mailFrom,
          HookReturnCode.deny(),
          "550",
          "5.7.24 Permanent SPF validation error: "
              + mailFrom.problem().orElse("invalid SPF record"));
    }
    return HookResult.DECLINED;
  }

  @Override
  public HookResult onMessage(SMTPSession session, Mail mail) {
    Optional<PendingCheck> check = session.getAttachment(CHECK, State.Transaction);
    if (check.isEmpty()) {
      return HookResult.DECLINED;
    }
    Optional<SpfOutcome> outcome = await(check.get());
    if (outcome.isEmpty()) {
      return HookResult.DECLINED;
    }
    mail.setAttribute(attribute(SpfOutcome.ATTRIBUTE, outcome.get().attributeFields()));
    mail.setAttribute(
        attribute(
            SpfHeaders.ATTRIBUTE, SpfHeaders.render(outcome.get(), settings.spf().authServId())));
    return HookResult.DECLINED;
  }

  /**
   * Waits for the checks. The evaluator completes them by {@code spf.deadline}, so the grace time
   * only matters if that promise breaks; the message then goes on without SPF results.
   */
  private Optional<SpfOutcome> await(PendingCheck check) {
    long timeout = settings.spf().deadline().toMillis() + GRACE_MILLIS;
    try {
      return Optional.of(check.outcome.get(timeout, TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      LOGGER.warn(
          "SPF check not finished {} ms after its deadline; going on without it", GRACE_MILLIS);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (java.util.concurrent.ExecutionException e) {
      LOGGER.warn("SPF check failed unexpectedly; going on without it", e.getCause());
      return Optional.empty();
    }
  }

  private static HookResult refuse(
      SMTPSession session,
      MailAddress rcpt,
      SpfEvaluation mailFrom,
      HookReturnCode code,
      String smtpCode,
      String description) {
    LOGGER.info(
        "spamfree decision={} stage=rcpt reason=spf_{} remote={} sender={} domain={} rcpt={}",
        code.equals(HookReturnCode.denySoft()) ? "TEMPFAIL" : "REJECT",
        mailFrom.result().word(),
        Clients.remoteAddress(session),
        LogValues.safe(mailFrom.sender()),
        LogValues.safe(mailFrom.domain().isEmpty() ? "-" : mailFrom.domain()),
        LogValues.safe(rcpt.asString()));
    return HookResult.builder()
        .hookReturnCode(code)
        .smtpReturnCode(smtpCode)
        .smtpDescription(printable(description))
        .build();
  }

  private static void logChecks(SMTPSession session, SpfOutcome outcome) {
    SpfEvaluation mailFrom = outcome.mailFrom();
    LOGGER.debug(
        "SPF check remote={} sender={} result={} helo={} heloResult={} mechanism={} elapsedMs={}",
        Clients.remoteAddress(session),
        LogValues.safe(mailFrom.sender()),
        mailFrom.result().word(),
        LogValues.safe(mailFrom.helo().isEmpty() ? "-" : mailFrom.helo()),
        outcome.helo().map(helo -> helo.result().word()).orElse("-"),
        LogValues.safe(mailFrom.matchedTerm().orElse("-")),
        mailFrom.elapsed().toMillis());
  }

  private static Attribute attribute(String name, Map<String, String> fields) {
    Map<String, AttributeValue<?>> values = new LinkedHashMap<>();
    fields.forEach((key, value) -> values.put(key, AttributeValue.of(value)));
    return new Attribute(AttributeName.of(name), AttributeValue.of(values));
  }

  /**
   * Keeps printable ASCII of a reply text and cuts it, since the explanation comes from the
   * sender's DNS and a reply line has at most 512 octets (RFC 5321 §4.5.3.1.5).
   */
  private static String printable(String text) {
    StringBuilder kept = new StringBuilder();
    for (char character : text.toCharArray()) {
      kept.append(character >= 0x20 && character < 0x7f ? character : '?');
      if (kept.length() >= MAX_REPLY_TEXT) {
        break;
      }
    }
    return kept.toString();
  }
}
