package org.spamfree.hooks;

import java.util.Optional;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.spamfree.core.geo.GeoResult;

/**
 * The geo lookup of the connection, kept as the connection-scoped session attachment {@value
 * #ATTACHMENT_NAME}. {@link GeoConnectHandler} sets it once per connection for every client, relay
 * clients included; later hooks read it with {@link #of}, and {@link StoreConnectHandler} counts
 * the connection under its country in the daily statistics.
 */
public final class GeoSession {

  public static final String ATTACHMENT_NAME = "org.spamfree.geo";

  private static final AttachmentKey<GeoResult> RESULT =
      AttachmentKey.of(ATTACHMENT_NAME, GeoResult.class);

  private GeoSession() {}

  /** Returns the connection's geo lookup; empty before CONNECT or without the connect handler. */
  public static Optional<GeoResult> of(SMTPSession session) {
    return session.getAttachment(RESULT, State.Connection);
  }

  static void set(SMTPSession session, GeoResult result) {
    session.setAttachment(RESULT, result, State.Connection);
  }
}
