package org.spamfree.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain SMTP client for tests: each command returns the server's reply, so tests can assert codes
 * and texts at every stage. Binds to a chosen loopback source address, because the server treats
 * 127.0.0.1 differently from other clients when a test configuration authorises it.
 */
final class SmtpClient implements AutoCloseable {

  record Reply(int code, String text) {
    boolean isPositive() {
      return code >= 200 && code < 400;
    }

    @Override
    public String toString() {
      return code + " " + text;
    }
  }

  private final Socket socket;
  private final BufferedReader reader;
  private final OutputStream output;
  final Reply greeting;

  SmtpClient(String sourceAddress, int port) throws IOException {
    socket = new Socket();
    socket.setSoTimeout(60_000);
    socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
    reader =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    output = socket.getOutputStream();
    greeting = readReply();
  }

  Reply command(String line) throws IOException {
    output.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    output.flush();
    return readReply();
  }

  /** Sends DATA, then the message with dot-stuffing and CRLF line ends, and returns the reply. */
  Reply data(String message) throws IOException {
    Reply start = command("DATA");
    if (start.code() != 354) {
      return start;
    }
    StringBuilder body = new StringBuilder();
    for (String line : message.split("\r?\n", -1)) {
      body.append(line.startsWith(".") ? "." + line : line).append("\r\n");
    }
    body.append(".\r\n");
    output.write(body.toString().getBytes(StandardCharsets.UTF_8));
    output.flush();
    return readReply();
  }

  /** Sends one whole transaction and returns the reply to the end of DATA, or the first refusal. */
  Reply send(String sender, List<String> recipients, String message) throws IOException {
    Reply mail = command("MAIL FROM:<" + sender + ">");
    if (!mail.isPositive()) {
      return mail;
    }
    boolean anyAccepted = false;
    Reply lastRefusal = null;
    for (String recipient : recipients) {
      Reply rcpt = command("RCPT TO:<" + recipient + ">");
      if (rcpt.isPositive()) {
        anyAccepted = true;
      } else {
        lastRefusal = rcpt;
      }
    }
    if (!anyAccepted) {
      command("RSET");
      return lastRefusal;
    }
    return data(message);
  }

  /** Sets how long a read waits for the server before it throws SocketTimeoutException. */
  void setReadTimeout(java.time.Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
  }

  /** Writes raw bytes, for tests of malformed input. */
  void writeRaw(String text) throws IOException {
    output.write(text.getBytes(StandardCharsets.UTF_8));
    output.flush();
  }

  /** Returns whether the server sent data that no {@link #readReply()} has read yet. */
  boolean hasUnreadReply() throws IOException {
    return reader.ready();
  }

  Reply readReply() throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = reader.readLine();
      if (line == null) {
        throw new IOException("Connection closed by the server after " + lines);
      }
      lines.add(line.length() > 4 ? line.substring(4) : "");
      if (line.length() < 4 || line.charAt(3) != '-') {
        return new Reply(Integer.parseInt(line.substring(0, 3)), String.join("\n", lines));
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (!socket.isClosed()) {
        command("QUIT");
      }
    } catch (IOException e) {
      // The server may already have closed the connection.
    } finally {
      socket.close();
    }
  }

  static String message(String subject, String... extraHeaders) {
    StringBuilder message = new StringBuilder();
    message.append("From: sender@sender.example\r\n");
    message.append("To: recipient@spamfree.test\r\n");
    message.append("Subject: ").append(subject).append("\r\n");
    message
        .append("Message-ID: <")
        .append(subject.replaceAll("[^A-Za-z0-9]", "-"))
        .append("@sender.example>\r\n");
    for (String header : extraHeaders) {
      message.append(header).append("\r\n");
    }
    message.append("\r\n");
    message.append("Body of ").append(subject).append("\r\n");
    return message.toString();
  }
}
