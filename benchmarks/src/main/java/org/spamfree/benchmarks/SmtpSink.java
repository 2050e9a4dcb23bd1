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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A next hop for SMTP benchmarks: accepts every message on a loopback port, discards it and counts
 * it. The benchmark servers relay to it as a gateway relays to the protected domains' mail store,
 * so delivery costs the same for every server and does not grow with a mailbox. It writes {@code
 * messages duplicates} to the count file five times a second; a duplicate is a Message-ID seen
 * before, which shows a message delivered twice.
 */
public final class SmtpSink {
  static final String USAGE =
      """
      Usage: java -cp spamfree-benchmarks.jar org.spamfree.benchmarks.SmtpSink \\
          --port PORT --count-file FILE [--bind ADDRESS]

        --port PORT        TCP port, 1 to 65535
        --count-file FILE  file that receives "MESSAGES DUPLICATES", rewritten five times a second
        --bind ADDRESS     loopback address to listen on (default 127.0.0.1)

      It stops on SIGTERM.
      """;

  /**
   * Maximum line length kept, in bytes. RFC 5321 section 4.5.3.1.6 allows 1000, and longer lines
   * are cut, not rejected, because the sink only counts messages.
   */
  private static final int MAX_LINE = 1 << 20;

  private static final int MAX_SESSIONS = 200;

  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final Set<String> messageIds = ConcurrentHashMap.newKeySet();

  private SmtpSink() {}

  public static void main(String[] args) throws IOException {
    InetAddress bind = InetAddress.getByName("127.0.0.1");
    Integer port = null;
    Path countFile = null;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help")) {
        System.out.print(USAGE);
        return;
      }
      if (i + 1 >= args.length) {
        fail("missing value for " + option);
      }
      String value = args[++i];
      switch (option) {
        case "--port" -> port = parsePort(value);
        case "--count-file" -> countFile = Path.of(value);
        case "--bind" -> bind = loopback(value);
        default -> fail("unknown option '" + option + "'");
      }
    }
    if (port == null || countFile == null) {
      fail("--port and --count-file are required");
    }
    new SmtpSink().serve(bind, port, countFile);
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // Reported below with the accepted range.
    }
    fail("invalid --port value '" + value + "': expected an integer from 1 to 65535");
    return 0;
  }

  private static InetAddress loopback(String value) {
    try {
      InetAddress address = InetAddress.getByName(value);
      if (address.isLoopbackAddress() && Character.digit(value.charAt(0), 16) >= 0) {
        return address;
      }
    } catch (IOException e) {
      // Reported below with what is accepted.
    }
    fail("invalid --bind value '" + value + "': expected a loopback IP address such as 127.0.0.1");
    return null;
  }

  private static void fail(String message) {
    System.err.println("Error: " + message);
    System.err.println("Run with --help for usage.");
    System.exit(2);
  }

  private void serve(InetAddress bind, int port, Path countFile) throws IOException {
    ExecutorService sessions = Executors.newFixedThreadPool(MAX_SESSIONS);
    ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
    writer.scheduleWithFixedDelay(() -> writeCount(countFile), 0, 200, TimeUnit.MILLISECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> writeCount(countFile)));
    try (ServerSocket server = new ServerSocket(port, 100, bind)) {
      System.err.println("SMTP sink listening on " + bind.getHostAddress() + ":" + port);
      while (true) {
        Socket socket = server.accept();
        sessions.execute(() -> session(socket));
      }
    }
  }

  private void writeCount(Path countFile) {
    try {
      Path temporary = countFile.resolveSibling(countFile.getFileName() + ".tmp");
      Files.writeString(temporary, messages.get() + " " + duplicates.get() + "\n");
      Files.move(temporary, countFile, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      System.err.println("Cannot write the count file " + countFile + ": " + e.getMessage());
    }
  }

  private void session(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
      OutputStream out = socket.getOutputStream();
      reply(out, "220 sink.test ESMTP benchmark sink");
      String line;
      while ((line = readLine(in)) != null) {
        String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
        switch (verb) {
          case "EHLO" -> reply(out, "250-sink.test\r\n250-8BITMIME\r\n250 PIPELINING");
          case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 2.0.0 OK");
          case "DATA" -> {
            reply(out, "354 End data with <CR><LF>.<CR><LF>");
            readMessage(in);
            reply(out, "250 2.0.0 Discarded");
          }
          case "QUIT" -> {
            reply(out, "221 2.0.0 Bye");
            return;
          }
          default -> reply(out, "502 5.5.1 Command not implemented");
        }
      }
    } catch (IOException e) {
      // The client disconnected, so its unfinished message is not counted.
    }
  }

  private void readMessage(InputStream in) throws IOException {
    boolean inHeaders = true;
    String messageId = null;
    String line;
    while ((line = readLine(in)) != null) {
      if (line.equals(".")) {
        messages.incrementAndGet();
        if (messageId != null && !messageIds.add(messageId)) {
          duplicates.incrementAndGet();
        }
        return;
      }
      if (inHeaders) {
        if (line.isEmpty()) {
          inHeaders = false;
        } else if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
          messageId = line.substring(11).trim();
        }
      }
    }
    throw new IOException("connection closed in DATA");
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
          length--;
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      }
      if (line.size() < MAX_LINE) {
        line.write(b);
      }
    }
    return null;
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
