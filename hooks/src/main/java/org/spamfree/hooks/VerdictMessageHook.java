package org.spamfree.hooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession.State;
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
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.dnsbl.ListingReasons;
import org.spamfree.core.store.ReputationService;
import org.spamfree.core.verdict.MailAttributes;
import org.spamfree.core.verdict.PolicyResolver;
import org.spamfree.core.verdict.RecipientDecision;
import org.spamfree.core.verdict.ScoredSymbol;
import org.spamfree.core.verdict.Symbol;
import org.spamfree.core.verdict.TransactionDecision;

/**
 * Decides each message at the end of DATA, before James queues it: the symbols of the connection
 * and the transaction become a verdict, each recipient's policy picks an action, and the reply
 * follows {@link TransactionDecision}. REJECT gives 550 5.7.1 with the symbol names, TEMPFAIL 451
 * 4.7.1; an accepted message carries the results as {@code org.spamfree.*} attributes for the
 * matchers and mailets. Deciding before the 250 means no bounce goes to a forged sender.
 *
 * <p>Logs one INFO line per message with stable key=value fields.
 */
public class VerdictMessageHook implements JamesMessageHook {

  private static final Logger LOGGER = LoggerFactory.getLogger(VerdictMessageHook.class);
  private static final int MAX_REASON_LENGTH = 200;

  private final PolicyResolver resolver;
  private final SpamfreeSettings settings;
  private final ReputationService store;

  @Inject
  public VerdictMessageHook(
      PolicyResolver resolver, SpamfreeSettings settings, ReputationService store) {
    this.resolver = resolver;
    this.settings = settings;
    this.store = store;
  }

  @Override
  public HookResult onMessage(SMTPSession session, Mail mail) {
    if (Clients.isRelayClient(session)) {
      mail.setAttribute(
          new Attribute(AttributeName.of(MailAttributes.RELAYED), AttributeValue.of(true)));
      LOGGER.info(
          "spamfree decision=RELAY stage=data remote={} user={} sender={} recipients={} mail={}",
          Clients.remoteAddress(session),
          session.getUsername() == null ? "-" : session.getUsername().asString(),
          LogValues.safe(mail.getMaybeSender().asString()),
          mail.getRecipients().size(),
          mail.getName());
      return HookResult.DECLINED;
    }

    // A client may name one recipient several times; deliver one copy to each.
    List<MailAddress> distinct = mail.getRecipients().stream().distinct().toList();
    if (distinct.size() < mail.getRecipients().size()) {
      mail.setRecipients(distinct);
    }
    List<String> recipients = distinct.stream().map(MailAddress::asString).toList();
    TransactionDecision decision = resolver.decide(SessionSymbols.all(session), recipients);
    log(session, mail, decision);
    VerdictStatistics.record(store, settings, decision);
    // The TXT query of a listing started when its zone answered; wait for it no longer than a
    // DNS list check may take.
    ListingReasons reasons = SessionSymbols.listingReasons(session);
    Function<Symbol, Optional<String>> listingReason =
        symbol -> reasons.reasonOf(symbol, settings.dnsListDeadline());

    return switch (decision.smtpAction()) {
      case REJECT -> rejection(
          HookReturnCode.deny(),
          "550",
          "5.7.1 Message rejected as spam (score "
              + decision.verdict().score()
              + ": "
              + symbolText(decision, listingReason)
              + ")");
      case TEMPFAIL -> rejection(
          HookReturnCode.denySoft(),
          "451",
          "4.7.1 Message deferred, try again later (score "
              + decision.verdict().score()
              + ": "
              + symbolText(decision, listingReason)
              + ")");
      default -> accept(mail, decision);
    };
  }

  private static HookResult accept(Mail mail, TransactionDecision decision) {
    Map<String, AttributeValue<?>> actions = new LinkedHashMap<>();
    Map<String, AttributeValue<?>> required = new LinkedHashMap<>();
    for (RecipientDecision recipient : decision.recipients()) {
      actions.put(recipient.recipient(), AttributeValue.of(recipient.action().name()));
      required.put(recipient.recipient(), AttributeValue.of(recipient.policy().requiredScore()));
    }
    List<AttributeValue<?>> symbols =
        decision.verdict().symbolNames().stream()
            .<AttributeValue<?>>map(AttributeValue::of)
            .toList();

    mail.setAttribute(
        attribute(MailAttributes.SCORE, AttributeValue.of(decision.verdict().score())));
    mail.setAttribute(attribute(MailAttributes.SYMBOLS, AttributeValue.of(symbols)));
    mail.setAttribute(attribute(MailAttributes.ACTIONS, AttributeValue.of(actions)));
    mail.setAttribute(attribute(MailAttributes.REQUIRED, AttributeValue.of(required)));
    return HookResult.DECLINED;
  }

  private static Attribute attribute(String name, AttributeValue<?> value) {
    return new Attribute(AttributeName.of(name), value);
  }

  /**
   * Returns the symbol names, then the reason of the highest-scored symbol, followed by the DNS
   * list entry's TXT text when {@code listingReason} has one for it. The TXT text comes from
   * outside, so only printable ASCII is kept, and the reason is cut to keep the reply line within
   * RFC 5321's 512 octets (§4.5.3.1.5).
   */
  static String symbolText(
      TransactionDecision decision, Function<Symbol, Optional<String>> listingReason) {
    String names = decision.verdict().symbolList();
    if (names.isEmpty()) {
      return "no symbols";
    }
    return decision.verdict().symbols().stream()
        .filter(symbol -> symbol.score() > 0)
        .max(java.util.Comparator.comparingDouble(ScoredSymbol::score))
        .map(
            top ->
                names
                    + "; "
                    + top.name()
                    + " "
                    + printable(
                        top.symbol().reason()
                            + listingReason
                                .apply(top.symbol())
                                .map(text -> ": " + text)
                                .orElse("")))
        .orElse(names);
  }

  private static String printable(String text) {
    StringBuilder kept = new StringBuilder();
    for (char character : text.toCharArray()) {
      kept.append(character >= 0x20 && character < 0x7f ? character : '?');
      if (kept.length() >= MAX_REASON_LENGTH) {
        break;
      }
    }
    return kept.toString();
  }

  private static HookResult rejection(HookReturnCode code, String smtpCode, String description) {
    return HookResult.builder()
        .hookReturnCode(code)
        .smtpReturnCode(smtpCode)
        .smtpDescription(description)
        .build();
  }

  private static void log(SMTPSession session, Mail mail, TransactionDecision decision) {
    String actions =
        decision.recipients().stream()
            .map(recipient -> recipient.recipient() + ":" + recipient.action())
            .collect(Collectors.joining(","));
    LOGGER.info(
        "spamfree decision={} stage=data score={} symbols={} remote={} helo={} sender={} actions={} mail={}",
        decision.smtpAction(),
        decision.verdict().score(),
        decision.verdict().symbolList().isEmpty() ? "-" : decision.verdict().symbolList(),
        Clients.remoteAddress(session),
        session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).orElse("-"),
        LogValues.safe(mail.getMaybeSender().asString()),
        LogValues.safe(actions),
        mail.getName());
  }
}
