package org.spamfree.hooks;

import org.apache.james.protocols.smtp.SMTPSession;

/** Client classification shared by the hooks. */
final class Clients {

  private Clients() {}

  /**
   * Returns whether the client may relay: it authenticated, or its address is in James's {@code
   * authorizedAddresses}. Such clients are trusted senders, so the spam checks skip them.
   */
  static boolean isRelayClient(SMTPSession session) {
    return session.getUsername() != null || session.isRelayingAllowed();
  }

  static String remoteAddress(SMTPSession session) {
    return session.getRemoteAddress().getAddress().getHostAddress();
  }
}
