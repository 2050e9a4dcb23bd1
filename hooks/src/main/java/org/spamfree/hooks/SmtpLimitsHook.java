package org.spamfree.hooks;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rejects HELO names and addresses longer than RFC 5321 allows (§4.5.3.1): a domain of at most 255
 * octets (§4.5.3.1.2) and a path of at most 256 octets including its angle brackets (§4.5.3.1.3),
 * which leaves 254 for the address. James 3.8.1 accepts any length, and a name or address this long
 * is never legitimate mail: it only serves to overflow logs, headers and the next hop's limits. The
 * reply is 501 with the length and the limit (§4.5.3.1.10 names "501 Path too long").
 */
public class SmtpLimitsHook implements HeloHook, MailHook, RcptHook {

  /** RFC 5321 §4.5.3.1.2: maximum octets of a domain name. */
  public static final int MAX_DOMAIN = 255;

  /** RFC 5321 §4.5.3.1.3: a path is at most 256 octets, of which 2 are the angle brackets. */
  public static final int MAX_ADDRESS = 254;

  private static final Logger LOGGER = LoggerFactory.getLogger(SmtpLimitsHook.class);

  @Override
  public HookResult doHelo(SMTPSession session, String helo) {
    if (helo.length() <= MAX_DOMAIN) {
      return HookResult.DECLINED;
    }
    return reject(
        session, "helo", helo, "5.5.2 HELO name too long", MAX_DOMAIN, "section 4.5.3.1.2");
  }

  @Override
  public HookResult doMail(SMTPSession session, MaybeSender sender) {
    String address = sender.asString();
    if (address.length() <= MAX_ADDRESS) {
      return HookResult.DECLINED;
    }
    return reject(
        session,
        "mail",
        address,
        "5.1.7 Sender address too long",
        MAX_ADDRESS,
        "section 4.5.3.1.3");
  }

  @Override
  public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
    String address = rcpt.asString();
    if (address.length() <= MAX_ADDRESS) {
      return HookResult.DECLINED;
    }
    return reject(
        session,
        "rcpt",
        address,
        "5.1.3 Recipient address too long",
        MAX_ADDRESS,
        "section 4.5.3.1.3");
  }

  private static HookResult reject(
      SMTPSession session, String stage, String value, String text, int limit, String section) {
    LOGGER.info(
        "spamfree decision=REJECT stage={} reason=too_long remote={} length={} limit={}",
        stage,
        Clients.remoteAddress(session),
        value.length(),
        limit);
    return HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("501")
        .smtpDescription(
            text
                + ": "
                + value.length()
                + " octets, at most "
                + limit
                // SMTP replies are ASCII, so the reply spells out "section" rather than the sign.
                + " are accepted (RFC 5321 "
                + section
                + ")")
        .build();
  }
}
