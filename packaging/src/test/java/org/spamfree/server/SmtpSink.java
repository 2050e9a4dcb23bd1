package org.spamfree.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A downstream SMTP server for tests, standing in for the next hop that receives accepted mail. It
 * listens on 127.0.0.1, accepts every message with 250 and keeps it with its envelope.
 */
final class SmtpSink implements AutoCloseable {

  record Received(String sender, List<String> recipients, String content) {
    /** Returns the first value of a header, unfolded, or null. */
    String header(String name) {
      String unfolded = content.replaceAll("\r?\n[ \t]+", " ");
      for (String line : unfolded.split("\r?\n")) {
        if (line.isEmpty()) {
          return null;
        }
        if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
          return line.substring(name.length() + 1).trim();
        }
      }
      return null;
    }
  }

  private final ServerSocket server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Received> messages = new CopyOnWriteArrayList<>();

  SmtpSink(int port) throws IOException {
    this(InetAddress.getLoopbackAddress(), port);
  }

  /** Listens on the given loopback address, for tests that route mail to another 127.x host. */
  SmtpSink(InetAddress address, int port) throws IOException {
    server = new ServerSocket(port, 50, address);
    executor.submit(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  List<Received> messages() {
    return List.copyOf(messages);
  }

  /** Returns how many messages arrived with each Subject, to find lost and duplicated ones. */
  Map<String, Long> countsBySubject() {
    return messages.stream()
        .collect(
            Collectors.groupingBy(
                message -> String.valueOf(message.header("Subject")), Collectors.counting()));
  }

  /** Waits until at least {@code count} messages arrived and returns all of them. */
  List<Received> await(int count, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (messages.size() < count && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    return messages();
  }

  /** Waits for the message with this Subject and returns it; fails the test after the timeout. */
  Received awaitSubject(String subject, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      for (Received message : messages) {
        if (subject.equals(message.header("Subject"))) {
          return message;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("No message with subject '" + subject + "' reached the test sink");
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        executor.submit(() -> serve(socket));
      } catch (SocketException e) {
        return;
      } catch (IOException e) {
        // Keep accepting; one failed accept does not end the sink.
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream output = socket.getOutputStream();
      reply(output, "220 sink.test ESMTP test sink");
      String sender = null;
      List<String> recipients = new ArrayList<>();
      String line;
      while ((line = reader.readLine()) != null) {
        String upper = line.toUpperCase(java.util.Locale.ROOT);
        if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
          reply(output, "250 sink.test");
        } else if (upper.startsWith("MAIL FROM:")) {
          sender = address(line.substring(10));
          recipients = new ArrayList<>();
          reply(output, "250 2.1.0 OK");
        } else if (upper.startsWith("RCPT TO:")) {
          recipients.add(address(line.substring(8)));
          reply(output, "250 2.1.5 OK");
        } else if (upper.equals("DATA")) {
          reply(output, "354 End data with <CR><LF>.<CR><LF>");
          StringBuilder content = new StringBuilder();
          String dataLine;
          while ((dataLine = reader.readLine()) != null && !dataLine.equals(".")) {
            content
                .append(dataLine.startsWith("..") ? dataLine.substring(1) : dataLine)
                .append("\r\n");
          }
          messages.add(new Received(sender, List.copyOf(recipients), content.toString()));
          reply(output, "250 2.0.0 queued");
        } else if (upper.equals("QUIT")) {
          reply(output, "221 2.0.0 bye");
          return;
        } else {
          reply(output, "250 OK");
        }
      }
    } catch (IOException e) {
      // The client went away; nothing to keep.
    }
  }

  private static String address(String parameter) {
    String trimmed = parameter.trim();
    int end = trimmed.indexOf('>');
    return trimmed.startsWith("<") && end > 0 ? trimmed.substring(1, end) : trimmed;
  }

  private static void reply(OutputStream output, String line) throws IOException {
    output.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    output.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
    executor.shutdownNow();
  }
}
