package org.spamfree.benchmarks;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Client side of one SMTP connection: sends commands and message data and reads replies. It does
 * not use the PIPELINING extension, so every command waits for its reply.
 */
final class SmtpConnection {
  // RFC 5321 limits a reply line to 512 octets. Longer lines are accepted up to this bound so that
  // a lax server still works, and a server that never sends LF cannot fill the memory.
  private static final int MAX_REPLY_LINE_BYTES = 8192;

  private final Socket socket;
  private final InputStream input;
  private final OutputStream output;
  private final long replyTimeoutNanos;
  private final byte[] buffer = new byte[4096];
  private int bufferPosition;
  private int bufferLimit;

  /** Wraps a connected socket. Closing this connection closes the socket. */
  SmtpConnection(Socket socket, Duration replyTimeout) throws IOException {
    this.socket = socket;
    this.input = socket.getInputStream();
    this.output = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    this.replyTimeoutNanos = replyTimeout.toNanos();
  }

  Socket socket() {
    return socket;
  }

  /** Sends one command line, adding CRLF, and reads its reply. */
  SmtpReply command(String line) throws IOException {
    output.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    output.flush();
    return readReply();
  }

  /** Sends message data that is already dot-stuffed and ends with the terminating ".CRLF". */
  void sendData(byte[] dataSection) throws IOException {
    output.write(dataSection);
    output.flush();
  }

  /**
   * Reads one complete reply, all lines of a multi-line reply included.
   *
   * @throws SocketTimeoutException if the whole reply did not arrive within the reply timeout, even
   *     when its bytes kept trickling in
   * @throws EOFException if the server closed the connection
   * @throws SmtpProtocolException if a line is malformed or the lines disagree on the code
   */
  SmtpReply readReply() throws IOException {
    long deadline = System.nanoTime() + replyTimeoutNanos;
    int code = -1;
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = readLine(deadline);
      int lineCode = parseCode(line);
      if (code < 0) {
        code = lineCode;
      } else if (lineCode != code) {
        throw new SmtpProtocolException(
            "reply line with code " + lineCode + " continues a reply with code " + code);
      }
      lines.add(line.length() > 4 ? line.substring(4) : "");

      if (line.length() == 3 || line.charAt(3) == ' ') {
        return new SmtpReply(code, lines);
      }
      if (line.charAt(3) != '-') {
        throw new SmtpProtocolException("malformed reply line: '" + line + "'");
      }
    }
  }

  /**
   * Sends QUIT and closes the connection. A failure is ignored because every message outcome of the
   * connection is already recorded, and the socket is closed either way.
   */
  void quit() {
    try {
      command("QUIT");
    } catch (IOException e) {
      // Ignored, as the method comment explains.
    } finally {
      close();
    }
  }

  /** Closes the socket without QUIT. */
  void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing is left to release: the socket is unusable either way.
    }
  }

  private static int parseCode(String line) throws SmtpProtocolException {
    if (line.length() < 3
        || !Character.isDigit(line.charAt(0))
        || !Character.isDigit(line.charAt(1))
        || !Character.isDigit(line.charAt(2))) {
      throw new SmtpProtocolException("malformed reply line: '" + line + "'");
    }
    return Integer.parseInt(line.substring(0, 3));
  }

  // Reads up to LF and drops the line ending. A bare LF is accepted from the server, although
  // this client itself always sends CRLF.
  private String readLine(long deadline) throws IOException {
    byte[] line = new byte[128];
    int length = 0;
    while (true) {
      if (bufferPosition == bufferLimit) {
        fillBuffer(deadline);
      }
      byte next = buffer[bufferPosition++];
      if (next == '\n') {
        if (length > 0 && line[length - 1] == '\r') {
          length--;
        }
        return new String(line, 0, length, StandardCharsets.ISO_8859_1);
      }
      if (length == MAX_REPLY_LINE_BYTES) {
        throw new SmtpProtocolException(
            "reply line longer than " + MAX_REPLY_LINE_BYTES + " bytes");
      }
      if (length == line.length) {
        line = Arrays.copyOf(line, line.length * 2);
      }
      line[length++] = next;
    }
  }

  private void fillBuffer(long deadline) throws IOException {
    long remainingNanos = deadline - System.nanoTime();
    if (remainingNanos <= 0) {
      throw new SocketTimeoutException(
          "no complete reply within " + Duration.ofNanos(replyTimeoutNanos).toMillis() + " ms");
    }
    // setSoTimeout(0) would mean no timeout, so the wait is at least 1 ms.
    socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, remainingNanos / 1_000_000)));
    int count;
    try {
      count = input.read(buffer);
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException(
          "no complete reply within " + Duration.ofNanos(replyTimeoutNanos).toMillis() + " ms");
    }
    if (count < 0) {
      throw new EOFException("connection closed by the server");
    }
    bufferPosition = 0;
    bufferLimit = count;
  }
}
