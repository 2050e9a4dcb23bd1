package org.spamfree.core.clamav;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One socket to a clamd server, TCP or unix, with every operation bounded by a deadline. The
 * channel is non-blocking and waits in a selector, because a blocking {@link SocketChannel} has no
 * read timeout and a server that accepts and never replies would hold the caller forever.
 *
 * <p>Commands use clamd's {@code z} prefix, so commands and replies end with a NUL byte.
 */
final class ClamdConnection implements Closeable {

  /** clamd replies are short: a verdict line with a signature name or an error message. */
  private static final int MAX_REPLY_BYTES = 4096;

  private final ClamdEndpoint endpoint;
  private final SocketChannel channel;
  private final Selector selector;
  private final ByteBuffer readBuffer = ByteBuffer.allocate(MAX_REPLY_BYTES);
  private boolean session;
  private int nextRequestId = 1;
  private long lastUsedNanos;

  private ClamdConnection(ClamdEndpoint endpoint, SocketChannel channel, Selector selector) {
    this.endpoint = endpoint;
    this.channel = channel;
    this.selector = selector;
    this.lastUsedNanos = System.nanoTime();
  }

  /** Connects, failing with {@link SocketTimeoutException} when the deadline passes first. */
  static ClamdConnection open(ClamdEndpoint endpoint, long deadlineNanos) throws IOException {
    SocketChannel channel =
        endpoint.address() instanceof InetSocketAddress
            ? SocketChannel.open()
            : SocketChannel.open(StandardProtocolFamily.UNIX);
    Selector selector = null;
    try {
      if (endpoint.address() instanceof InetSocketAddress) {
        // The INSTREAM terminator and the next command of a reused session are small writes
        // that Nagle's algorithm would hold until clamd's delayed ACK, about 40 ms each.
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      channel.configureBlocking(false);
      selector = Selector.open();
      if (!channel.connect(endpoint.address())) {
        SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
        while (!channel.finishConnect()) {
          await(selector, deadlineNanos, "connect to clamd " + endpoint);
        }
        key.cancel();
        selector.selectNow();
      }
      return new ClamdConnection(endpoint, channel, selector);
    } catch (IOException | RuntimeException e) {
      channel.close();
      if (selector != null) {
        selector.close();
      }
      throw e;
    }
  }

  ClamdEndpoint endpoint() {
    return endpoint;
  }

  /** Switches to an IDSESSION, in which clamd keeps the connection open between commands. */
  void startSession(long deadlineNanos) throws IOException {
    write(command("IDSESSION"), deadlineNanos);
    session = true;
  }

  boolean inSession() {
    return session;
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  /**
   * Sends a command without arguments (such as PING or VERSION) and returns its reply. In a session
   * the {@code ID: } prefix is checked and removed.
   */
  String request(String name, long deadlineNanos) throws IOException {
    write(command(name), deadlineNanos);
    return readReply(deadlineNanos);
  }

  /** Starts an INSTREAM command; the caller then sends the chunks and reads the reply. */
  void startInstream(long deadlineNanos) throws IOException {
    write(command("INSTREAM"), deadlineNanos);
  }

  /** Writes every byte of the buffer, waiting while the socket is full. */
  void write(ByteBuffer buffer, long deadlineNanos) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.write(buffer) == 0) {
        SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
        await(selector, deadlineNanos, "send to clamd " + endpoint);
        key.interestOps(0);
      }
    }
    lastUsedNanos = System.nanoTime();
  }

  /**
   * Reads one NUL-terminated reply.
   *
   * @throws SocketTimeoutException when the deadline passes first
   * @throws IOException when clamd closes the connection before the NUL byte, or sends more than
   *     {@value #MAX_REPLY_BYTES} bytes
   */
  String readReply(long deadlineNanos) throws IOException {
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    while (true) {
      readBuffer.clear();
      int read = channel.read(readBuffer);
      if (read < 0) {
        throw new IOException(
            "clamd "
                + endpoint
                + " closed the connection"
                + (reply.size() > 0 ? " after a partial reply" : " without a reply"));
      }
      if (read == 0) {
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        await(selector, deadlineNanos, "reply of clamd " + endpoint);
        key.interestOps(0);
        continue;
      }
      readBuffer.flip();
      while (readBuffer.hasRemaining()) {
        byte next = readBuffer.get();
        if (next == 0) {
          lastUsedNanos = System.nanoTime();
          return stripRequestId(reply.toString(StandardCharsets.US_ASCII).strip());
        }
        reply.write(next);
      }
      if (reply.size() > MAX_REPLY_BYTES) {
        throw new IOException("clamd " + endpoint + " sent a reply longer than expected");
      }
    }
  }

  /** Ends a session politely; errors are ignored because the socket is closed right after. */
  @Override
  public void close() {
    try {
      if (session && channel.isOpen()) {
        channel.write(command("END"));
      }
    } catch (IOException e) {
      // The server may already have closed its side; closing ours is all that is left.
    }
    try {
      channel.close();
      selector.close();
    } catch (IOException e) {
      // Nothing else holds these resources.
    }
  }

  private String stripRequestId(String reply) throws IOException {
    if (!session) {
      return reply;
    }
    String prefix = nextRequestId + ": ";
    if (!reply.startsWith(prefix)) {
      throw new IOException(
          "clamd " + endpoint + " replied '" + reply + "' without the request id " + prefix);
    }
    nextRequestId++;
    return reply.substring(prefix.length());
  }

  private static ByteBuffer command(String name) {
    return ByteBuffer.wrap(("z" + name + "\0").getBytes(StandardCharsets.US_ASCII));
  }

  private static void await(Selector selector, long deadlineNanos, String what) throws IOException {
    long remainingMillis = Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    if (remainingMillis == 0 || selector.select(remainingMillis) == 0) {
      if (deadlineNanos - System.nanoTime() <= 0) {
        throw new SocketTimeoutException("Timed out waiting to " + what);
      }
    }
    selector.selectedKeys().clear();
  }
}
