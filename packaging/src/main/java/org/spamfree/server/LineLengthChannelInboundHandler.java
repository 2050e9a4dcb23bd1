package org.spamfree.server;

import static org.spamfree.server.LineLengthSmtpServer.MAX_LINE_LENGTH;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.smtp.SMTPProtocol;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.smtpserver.ExtendedSMTPSession;
import org.apache.james.smtpserver.netty.SMTPChannelInboundHandler;
import org.apache.james.smtpserver.netty.SmtpMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * James's SMTP core handler with its own replies to over-long lines. The frame decoder reports each
 * over-long line as a {@link TooLongFrameException} event, on this handler's thread and in order
 * with the lines around it, so the session state seen here is the state at that line.
 *
 * <ul>
 *   <li>In DATA the line is already dropped, so the message is incomplete. The following lines go
 *       to James's DATA handler as usual, and the final dot gets {@link #MESSAGE_REJECTED} in place
 *       of the message hooks: nothing of the message is queued, and the transaction is reset so
 *       that the next MAIL FROM starts a new one.
 *   <li>Outside DATA the line gets {@link #LINE_TOO_LONG} and the session goes on, as it does in
 *       James: one reply per line keeps a pipelining client in step.
 * </ul>
 *
 * <p>One instance serves one connection. Netty calls it on the channel's event loop only, and James
 * pushes and pops line handlers from within those calls, so the fields need no locking.
 */
final class LineLengthChannelInboundHandler extends SMTPChannelInboundHandler {

  /**
   * RFC 5321 section 4.2.4 gives 500 for a command line too long. RFC 3463 has no enhanced code for
   * line length, so the reply uses X.5.2, syntax error.
   */
  static final Response LINE_TOO_LONG =
      new SMTPResponse(
              SMTPRetCode.SYNTAX_ERROR_COMMAND_UNRECOGNIZED,
              "5.5.2 Line too long (limit " + MAX_LINE_LENGTH + " bytes)")
          .immutable();

  /**
   * Of the failures RFC 5321 section 4.3.2 lists for the end of DATA, 552 is for exceeded storage
   * and 550 for policy, so a malformed message gets 554, transaction failed. X.6.0 is RFC 3463's
   * other or undefined media error, because the content is at fault and no X.6.x code names line
   * length.
   */
  static final Response MESSAGE_REJECTED =
      new SMTPResponse(
              SMTPRetCode.TRANSACTION_FAILED,
              "5.6.0 Message rejected: a line is longer than "
                  + MAX_LINE_LENGTH
                  + " bytes (RFC 5321 section 4.5.3.1.6)")
          .immutable();

  private static final Logger LOGGER =
      LoggerFactory.getLogger(LineLengthChannelInboundHandler.class);

  /** Whether the message in DATA lost a line and must be rejected at its final dot. */
  private boolean rejectMessage;

  /** For each line handler pushed and not popped yet, newest first: whether DATA pushed it. */
  private final Deque<Boolean> lineHandlers = new ArrayDeque<>();

  /** The message writer of the latest DATA command, to tell its line handler from later pushes. */
  private MimeMessageInputStreamSource latestDataWriter;

  private Channel channel;

  LineLengthChannelInboundHandler(
      SMTPProtocol protocol, Encryption encryption, boolean proxyRequired, SmtpMetrics metrics) {
    super(protocol, encryption, proxyRequired, metrics);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    super.handlerAdded(ctx);
    channel = ctx.channel();
  }

  /**
   * Records whether DATA pushed this line handler. James's DATA command creates a new message
   * writer and then pushes its handler. Other pushes find no writer or one seen before. AUTH pushes
   * with no writer. After a reply that ends the session, such as the 500 to a bare LF in DATA,
   * James pushes a handler that discards input, and that message's writer is still set.
   */
  @Override
  public void pushLineHandler(ChannelInboundHandlerAdapter lineHandler) {
    super.pushLineHandler(lineHandler);
    ExtendedSMTPSession session = channel == null ? null : session(channel);
    MimeMessageInputStreamSource writer = session == null ? null : session.getMimeMessageWriter();
    boolean pushedByData = writer != null && writer != latestDataWriter;
    if (pushedByData) {
      latestDataWriter = writer;
    }
    lineHandlers.push(pushedByData);
  }

  @Override
  public void popLineHandler() {
    super.popLineHandler();
    lineHandlers.pollFirst();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    ExtendedSMTPSession session = session(ctx.channel());
    if (!(cause instanceof TooLongFrameException) || session == null) {
      super.exceptionCaught(ctx, cause);
      return;
    }
    if (isInData()) {
      rejectMessage = true;
      return;
    }
    LOGGER.info(
        "spamfree decision=REJECT stage=command reason=line_too_long remote={} limit={}",
        remoteAddress(session),
        MAX_LINE_LENGTH);
    session.getProtocolTransport().writeResponse(LINE_TOO_LONG, session);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
    if (rejectMessage && message instanceof ByteBuf line) {
      ExtendedSMTPSession session = session(ctx.channel());
      if (session == null || !isInData()) {
        // James's DATA handler already ended the message, on a bare LF or an I/O error, and
        // replied to it.
        rejectMessage = false;
      } else if (isFinalDot(line)) {
        line.release();
        rejectMessage = false;
        reject(session);
        return;
      }
    }
    super.channelRead(ctx, message);
  }

  private void reject(ExtendedSMTPSession session) {
    LOGGER.info(
        "spamfree decision=REJECT stage=data reason=line_too_long remote={} sender={} limit={}",
        remoteAddress(session),
        session
            .getAttachment(SMTPSession.SENDER, State.Transaction)
            .map(MaybeSender::asString)
            .orElse(""),
        MAX_LINE_LENGTH);
    // What James's DATA handler does after the message hooks: resetState drops sender,
    // recipients and the partial message, and the pop returns the session to commands.
    session.resetState();
    session.popLineHandler();
    session.getProtocolTransport().writeResponse(MESSAGE_REJECTED, session);
  }

  private static ExtendedSMTPSession session(Channel channel) {
    return channel.attr(SESSION_ATTRIBUTE_KEY).get() instanceof ExtendedSMTPSession session
        ? session
        : null;
  }

  /** Returns whether the session receives message content: DATA's line handler is on top. */
  private boolean isInData() {
    return Boolean.TRUE.equals(lineHandlers.peekFirst());
  }

  /** Returns whether a line is the final dot: exactly ".", CR, LF. */
  private static boolean isFinalDot(ByteBuf line) {
    int start = line.readerIndex();
    return line.readableBytes() == 3
        && line.getByte(start) == '.'
        && line.getByte(start + 1) == '\r'
        && line.getByte(start + 2) == '\n';
  }

  private static String remoteAddress(ExtendedSMTPSession session) {
    return session.getRemoteAddress().getAddress().getHostAddress();
  }
}
