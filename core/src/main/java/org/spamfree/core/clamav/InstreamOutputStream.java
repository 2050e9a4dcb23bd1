package org.spamfree.core.clamav;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Sends the body of a clamd INSTREAM command: chunks of up to {@value #CHUNK_BYTES} bytes, each
 * after its length as a 4-byte unsigned integer in network byte order, then a zero length that ends
 * the stream. Counts the bytes and stops with {@link StreamLimitException} before the configured
 * limit is passed, since clamd would only reply with a size-limit error.
 */
final class InstreamOutputStream extends OutputStream {

  static final int CHUNK_BYTES = 64 * 1024;

  /** Thrown when the content is longer than the stream limit; nothing beyond it was sent. */
  static final class StreamLimitException extends IOException {
    private static final long serialVersionUID = 1L;
    final long bytesSeen;

    StreamLimitException(long bytesSeen) {
      super("stream limit passed after " + bytesSeen + " bytes");
      this.bytesSeen = bytesSeen;
    }
  }

  /** Sending to clamd failed, as opposed to reading the message. */
  static final class ServerWriteException extends IOException {
    private static final long serialVersionUID = 1L;

    ServerWriteException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private final ClamdConnection connection;
  private final long limit;
  private final long deadlineNanos;
  private final ByteBuffer chunk = ByteBuffer.allocate(4 + CHUNK_BYTES);
  private long total;

  InstreamOutputStream(ClamdConnection connection, long limit, long deadlineNanos) {
    this.connection = connection;
    this.limit = limit;
    this.deadlineNanos = deadlineNanos;
    chunk.position(4);
  }

  @Override
  public void write(int value) throws IOException {
    write(new byte[] {(byte) value}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    total += length;
    if (total > limit) {
      throw new StreamLimitException(total);
    }
    int position = offset;
    int remaining = length;
    while (remaining > 0) {
      int count = Math.min(remaining, chunk.remaining());
      chunk.put(bytes, position, count);
      position += count;
      remaining -= count;
      if (!chunk.hasRemaining()) {
        sendChunk();
      }
    }
  }

  /** Sends the last chunk and the zero length that ends the stream. */
  void finish() throws IOException {
    if (chunk.position() > 4) {
      sendChunk();
    }
    send(ByteBuffer.allocate(4).putInt(0, 0));
  }

  long total() {
    return total;
  }

  private void send(ByteBuffer buffer) throws IOException {
    try {
      connection.write(buffer, deadlineNanos);
    } catch (java.net.SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      throw new ServerWriteException(e);
    }
  }

  private void sendChunk() throws IOException {
    int length = chunk.position() - 4;
    chunk.putInt(0, length);
    chunk.flip();
    send(chunk);
    chunk.clear();
    chunk.position(4);
  }
}
