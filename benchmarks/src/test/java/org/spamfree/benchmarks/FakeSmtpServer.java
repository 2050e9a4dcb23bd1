package org.spamfree.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Minimal SMTP server for the load client tests. It listens on 127.0.0.1 at a free port, replies
 * 250 and 354, rejects every n-th transaction with 550, and records the raw bytes it receives.
 */
final class FakeSmtpServer implements AutoCloseable {

  /** Step at which a transaction is rejected. */
  enum RejectAt {
    RCPT,
    END_OF_DATA
  }

  /**
   * @param rejectEvery every n-th transaction is rejected, 0 for none
   * @param holdDataReply whether the server never replies after the end-of-data dot
   */
  record Settings(int rejectEvery, RejectAt rejectAt, boolean holdDataReply) {
    static Settings rejectingEvery(int n, RejectAt rejectAt) {
      return new Settings(n, rejectAt, false);
    }

    static Settings holdingDataReply() {
      return new Settings(0, RejectAt.END_OF_DATA, true);
    }
  }

  /** DATA section of one message as received: every line with its line ending, no terminator. */
  record ReceivedData(List<byte[]> rawLines) {}

  private final Settings settings;
  private final ServerSocket serverSocket;
  private final Thread acceptThread;
  private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
  private final List<ReceivedData> received = new CopyOnWriteArrayList<>();
  private final List<String> lineEndingViolations = new CopyOnWriteArrayList<>();
  private final Set<InetAddress> clientAddresses = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger transactions = new AtomicInteger();
  private final AtomicInteger rsetCommands = new AtomicInteger();

  private FakeSmtpServer(Settings settings) throws IOException {
    this.settings = settings;
    this.serverSocket =
        new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    this.acceptThread = new Thread(this::acceptConnections, "fake-smtp-accept");
    acceptThread.setDaemon(true);
    acceptThread.start();
  }

  static FakeSmtpServer start(Settings settings) throws IOException {
    return new FakeSmtpServer(settings);
  }

  int port() {
    return serverSocket.getLocalPort();
  }

  List<ReceivedData> received() {
    return List.copyOf(received);
  }

  List<String> lineEndingViolations() {
    return List.copyOf(lineEndingViolations);
  }

  Set<InetAddress> clientAddresses() {
    return Set.copyOf(clientAddresses);
  }

  int connections() {
    return connections.get();
  }

  int rsetCommands() {
    return rsetCommands.get();
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Socket client : clients) {
      client.close();
    }
    try {
      acceptThread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptConnections() {
    while (!serverSocket.isClosed()) {
      try {
        Socket client = serverSocket.accept();
        clients.add(client);
        connections.incrementAndGet();
        clientAddresses.add(client.getInetAddress());
        Thread handler = new Thread(() -> serve(client), "fake-smtp-client");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream input = new BufferedInputStream(client.getInputStream());
      OutputStream output = client.getOutputStream();
      reply(output, "220 fake.test ESMTP ready");
      int transaction = 0;
      while (true) {
        byte[] rawLine = readRawLine(input);
        if (rawLine == null) {
          return;
        }
        checkLineEnding(rawLine);
        String command = ascii(rawLine).strip();
        String verb = command.split(" ", 2)[0].toUpperCase(Locale.ROOT);
        switch (verb) {
          case "EHLO" -> reply(output, "250-fake.test greets you\r\n250-8BITMIME\r\n250 SIZE 0");
          case "HELO" -> reply(output, "250 fake.test");
          case "MAIL" -> {
            transaction = transactions.incrementAndGet();
            reply(output, "250 2.1.0 OK");
          }
          case "RCPT" -> {
            if (rejects(transaction, RejectAt.RCPT)) {
              reply(output, "550 5.1.1 mailbox unavailable");
            } else {
              reply(output, "250 2.1.5 OK");
            }
          }
          case "DATA" -> {
            reply(output, "354 end data with <CR><LF>.<CR><LF>");
            if (!receiveData(input, output, transaction)) {
              return;
            }
          }
          case "RSET" -> {
            rsetCommands.incrementAndGet();
            reply(output, "250 2.0.0 OK");
          }
          case "QUIT" -> {
            reply(output, "221 2.0.0 bye");
            return;
          }
          default -> reply(output, "500 5.5.1 unknown command");
        }
      }
    } catch (IOException e) {
      // The client or close() ended the connection.
    } finally {
      clients.remove(client);
    }
  }

  // Returns false when the connection ended during the data.
  private boolean receiveData(InputStream input, OutputStream output, int transaction)
      throws IOException {
    List<byte[]> lines = new ArrayList<>();
    while (true) {
      byte[] rawLine = readRawLine(input);
      if (rawLine == null) {
        return false;
      }
      checkLineEnding(rawLine);
      if (ascii(rawLine).equals(".\r\n")) {
        break;
      }
      lines.add(rawLine);
    }
    received.add(new ReceivedData(Collections.unmodifiableList(lines)));
    if (settings.holdDataReply()) {
      // No reply: the client must time out or be stopped by its time bound.
      return true;
    }
    if (rejects(transaction, RejectAt.END_OF_DATA)) {
      reply(output, "550 5.7.1 message rejected as spam");
    } else {
      reply(output, "250 2.0.0 queued");
    }
    return true;
  }

  private boolean rejects(int transaction, RejectAt step) {
    return settings.rejectEvery() > 0
        && settings.rejectAt() == step
        && transaction % settings.rejectEvery() == 0;
  }

  // A line must end in CRLF and contain no other CR or LF.
  private void checkLineEnding(byte[] rawLine) {
    int length = rawLine.length;
    boolean endsInCrlf = length >= 2 && rawLine[length - 2] == '\r' && rawLine[length - 1] == '\n';
    boolean strayBreak = false;
    for (int i = 0; i < length - 2; i++) {
      if (rawLine[i] == '\r' || rawLine[i] == '\n') {
        strayBreak = true;
      }
    }
    if (!endsInCrlf || strayBreak) {
      lineEndingViolations.add(ascii(rawLine));
    }
  }

  // Returns the bytes up to and including LF, or null at the end of the stream.
  private static byte[] readRawLine(InputStream input) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int next = input.read();
      if (next < 0) {
        return line.size() == 0 ? null : line.toByteArray();
      }
      line.write(next);
      if (next == '\n') {
        return line.toByteArray();
      }
    }
  }

  private static void reply(OutputStream output, String text) throws IOException {
    output.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    output.flush();
  }

  private static String ascii(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
