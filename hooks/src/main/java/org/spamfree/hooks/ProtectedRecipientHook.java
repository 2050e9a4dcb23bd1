package org.spamfree.hooks;

import java.util.Locale;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.config.ProtectedDomain;
import org.spamfree.core.config.SpamfreeSettings;

/**
 * Accepts at RCPT TO only recipients of the protected domains, and of those only the known ones.
 *
 * <ul>
 *   <li>A local part that routes further ('%', '!' or a quoted '@') is rejected with 550 5.7.1
 *       unless the client may relay.
 *   <li>A domain that is not protected is refused with 550 5.7.1 unless the client may relay, so
 *       the gateway is no open relay.
 *   <li>An unknown recipient of a protected domain is refused with 550 5.1.1 (RFC 3463) when the
 *       valid recipients are known: the {@code domain.NAME.recipients} list, or, when mail is
 *       delivered to local mailboxes, James's users. {@code postmaster} is accepted (RFC 5321
 *       §4.5.1) whenever it can be delivered: to the next hop, or to a local user.
 * </ul>
 *
 * Runs before James's own relay check, which then accepts the protected domains in its domain list.
 */
public class ProtectedRecipientHook implements RcptHook {

  private static final Logger LOGGER = LoggerFactory.getLogger(ProtectedRecipientHook.class);

  private final SpamfreeSettings settings;
  private final UsersRepository users;

  @Inject
  public ProtectedRecipientHook(SpamfreeSettings settings, UsersRepository users) {
    this.settings = settings;
    this.users = users;
  }

  @Override
  public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
    Optional<ProtectedDomain> domain = settings.protectedDomain(rcpt.getDomain().asString());
    if (domain.isEmpty()) {
      if (Clients.isRelayClient(session)) {
        return HookResult.DECLINED;
      }
      LOGGER.info(
          "spamfree decision=REJECT stage=rcpt reason=relay_denied remote={} rcpt={}",
          Clients.remoteAddress(session),
          LogValues.safe(rcpt.asString()));
      return rejection(
          "550",
          "5.7.1 Relaying denied: "
              + rcpt.getDomain().asString()
              + " is not a domain of this server");
    }

    String localPart = rcpt.getLocalPart().toLowerCase(Locale.ROOT);
    if (!Clients.isRelayClient(session) && hasRoute(localPart)) {
      LOGGER.info(
          "spamfree decision=REJECT stage=rcpt reason=routed_local_part remote={} rcpt={}",
          Clients.remoteAddress(session),
          LogValues.safe(rcpt.asString()));
      return rejection(
          "550",
          "5.7.1 Relaying denied: the local part of <"
              + rcpt.asString()
              + "> contains a route ('%', '!' or '@'), which this server does not accept");
    }
    if (localPart.equals("postmaster")
        && (settings.nextHop().isPresent()
            || PostmasterTarget.of(settings, domain.get().name()).isPresent())) {
      return HookResult.DECLINED;
    }
    if (domain.get().knownLocalParts().isPresent()) {
      return domain.get().acceptsLocalPart(localPart)
          ? HookResult.DECLINED
          : unknown(session, rcpt);
    }
    if (settings.nextHop().isPresent()) {
      return HookResult.DECLINED;
    }
    Username username;
    try {
      username = Username.of(rcpt.asString());
    } catch (IllegalArgumentException e) {
      // A valid address that James cannot turn into a user name, such as a quoted local part
      // holding '@', cannot be a local user.
      return unknown(session, rcpt);
    }
    try {
      return users.contains(username) ? HookResult.DECLINED : unknown(session, rcpt);
    } catch (UsersRepositoryException e) {
      LOGGER.warn("Cannot check recipient {} in the users repository", rcpt.asString(), e);
      return HookResult.builder()
          .hookReturnCode(HookReturnCode.denySoft())
          .smtpReturnCode("451")
          .smtpDescription("4.3.0 Temporary failure checking the recipient, try again later")
          .build();
    }
  }

  /**
   * Returns whether a local part names a further destination: the percent hack ({@code
   * user%other.example}), a UUCP bang path ({@code other.example!user}) or a quoted local part that
   * contains an address. A next hop that still honours them (Sendmail's percent hack, for one)
   * would relay the mail on, so accepting them would make this gateway an open relay.
   */
  static boolean hasRoute(String localPart) {
    return localPart.indexOf('%') >= 0
        || localPart.indexOf('!') >= 0
        || localPart.indexOf('@') >= 0;
  }

  private static HookResult unknown(SMTPSession session, MailAddress rcpt) {
    LOGGER.info(
        "spamfree decision=REJECT stage=rcpt reason=unknown_recipient remote={} rcpt={}",
        Clients.remoteAddress(session),
        LogValues.safe(rcpt.asString()));
    return rejection(
        "550", "5.1.1 <" + rcpt.asString() + ">: Recipient address rejected: unknown user");
  }

  private static HookResult rejection(String code, String description) {
    return HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode(code)
        .smtpDescription(description)
        .build();
  }
}
