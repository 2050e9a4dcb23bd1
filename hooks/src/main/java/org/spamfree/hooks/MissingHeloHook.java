package org.spamfree.hooks;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.spamfree.core.helo.HeloSymbols;
import org.spamfree.core.verdict.Symbol;

/**
 * Adds {@code HELO_MISSING} when MAIL FROM arrives before any HELO or EHLO, which RFC 5321 §4.1.4
 * expects first (a SHOULD). Needs {@code <heloEhloEnforcement>false</heloEhloEnforcement>} in
 * {@code smtpserver.xml}, because otherwise James refuses such a MAIL itself with 503.
 */
public class MissingHeloHook implements MailHook {

  @Override
  public HookResult doMail(SMTPSession session, MaybeSender sender) {
    if (Clients.isRelayClient(session)) {
      return HookResult.DECLINED;
    }
    if (session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).isEmpty()) {
      SessionSymbols.addTransactionSymbol(
          session, new Symbol(HeloSymbols.HELO_MISSING, "MAIL FROM without a HELO or EHLO first"));
    }
    return HookResult.DECLINED;
  }
}
