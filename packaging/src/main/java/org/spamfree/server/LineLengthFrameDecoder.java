package org.spamfree.server;

import static org.spamfree.server.LineLengthSmtpServer.MAX_LINE_LENGTH;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import org.apache.james.protocols.netty.AllButStartTlsLineBasedChannelHandler;

/**
 * James's SMTP line decoder, STARTTLS command-injection checks included, whose limit of {@link
 * LineLengthSmtpServer#MAX_LINE_LENGTH} bytes applies however TCP splits the line.
 *
 * <p>Netty's {@code LineBasedFrameDecoder} discards a buffer without LF once it contains more bytes
 * than its maximum, so with a maximum of exactly the limit a line of the limit is discarded when
 * its CR arrives in one read and its LF in the next. This decoder runs Netty's with one byte more
 * and reports a line of limit + 1 bytes itself. Memory stays bounded: Netty drops an unfinished
 * line once it has more than limit + 1 bytes, skips the rest up to the LF and then reports a {@link
 * TooLongFrameException}.
 */
final class LineLengthFrameDecoder extends AllButStartTlsLineBasedChannelHandler {

  LineLengthFrameDecoder(ChannelPipeline pipeline) {
    super(pipeline, MAX_LINE_LENGTH + 1, false, "starttls");
  }

  @Override
  protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
    Object frame = super.decode(ctx, buffer);
    if (frame instanceof ByteBuf line && contentLength(line) > MAX_LINE_LENGTH) {
      int length = contentLength(line);
      line.release();
      // The same event Netty fires for longer lines, sent from this thread as Netty sends it,
      // so the core handler receives it in order with the frames.
      ctx.fireExceptionCaught(
          new TooLongFrameException(
              "frame length ("
                  + length
                  + ") exceeds the allowed maximum ("
                  + MAX_LINE_LENGTH
                  + ")"));
      return null;
    }
    return frame;
  }

  /** Returns the length of a frame without its CRLF or bare LF, as Netty measures a line. */
  private static int contentLength(ByteBuf line) {
    int length = line.readableBytes();
    int end = line.readerIndex() + length;
    if (length >= 2 && line.getByte(end - 1) == '\n' && line.getByte(end - 2) == '\r') {
      return length - 2;
    }
    if (length >= 1 && line.getByte(end - 1) == '\n') {
      return length - 1;
    }
    return length;
  }
}
