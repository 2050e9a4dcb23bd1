package org.spamfree.benchmarks.clamav;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.spamfree.core.clamav.ClamavSettings;
import org.spamfree.core.clamav.ClamdClient;
import org.spamfree.core.clamav.ClamdEndpoint;
import org.spamfree.core.clamav.ScanInput;
import org.spamfree.core.clamav.ScanResult;

/**
 * Measures how fast the same messages are scanned by Spamfree's clamd client, with and without
 * connection reuse, and by {@code clamdscan --stream}, against one clamd on 127.0.0.1 that this
 * harness starts with the project's own test signatures (an EICAR body signature). Every tenth
 * message carries the EICAR test file, and each run must find exactly those.
 *
 * <p>Arguments: {@code WORK_DIR [MESSAGES [ROUNDS]]}. Prints a Markdown table to standard output;
 * progress goes to standard error. Each round runs every method once in a rotated order after one
 * untimed warm-up round, and the table reports the median round.
 */
public final class ClamavThroughputBenchmark {

  private static final Path CLAMD = Path.of("/usr/sbin/clamd");
  private static final Path CLAMDSCAN = Path.of("/usr/bin/clamdscan");
  private static final int[] SIZES = {2 * 1024, 20 * 1024, 100 * 1024, 300 * 1024};
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** One way of scanning all messages, which returns how many were infected. */
  private interface Method {
    int scanAll(List<Path> messages) throws Exception;
  }

  private record Named(String name, Method method) {}

  private ClamavThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 3) {
      System.err.println("Usage: ClamavThroughputBenchmark WORK_DIR [MESSAGES [ROUNDS]]");
      System.exit(2);
    }
    Path work = Path.of(args[0]);
    int messageCount = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Files.createDirectories(work);

    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path socketPath = work.resolve("clamd.sock");
    writeDatabase(work.resolve("db"));
    Path clamdConf = work.resolve("clamd.conf");
    Files.writeString(
        clamdConf,
        String.join(
            "\n",
            "Foreground yes",
            "TCPAddr 127.0.0.1",
            "TCPSocket " + port,
            "LocalSocket " + socketPath,
            "DatabaseDirectory " + work.resolve("db"),
            "LogFile " + work.resolve("clamd.log"),
            "PidFile " + work.resolve("clamd.pid"),
            "StreamMaxLength 25M",
            ""));
    // clamdscan uses LocalSocket when its configuration has one, so each transport gets a file.
    Path tcpConf = work.resolve("clamdscan-tcp.conf");
    Files.writeString(tcpConf, "TCPAddr 127.0.0.1\nTCPSocket " + port + "\n");
    Path unixConf = work.resolve("clamdscan-unix.conf");
    Files.writeString(unixConf, "LocalSocket " + socketPath + "\n");

    List<Path> messages = writeMessages(work.resolve("messages"), messageCount);
    int expectedInfected = (messageCount + 9) / 10;
    long totalBytes = 0;
    for (Path message : messages) {
      totalBytes += Files.size(message);
    }

    Process clamd =
        new ProcessBuilder(CLAMD.toString(), "--config-file=" + clamdConf)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("clamd.out").toFile())
            .start();
    try {
      awaitPong(clamd, port);
      ClamdEndpoint tcp = ClamdEndpoint.parse("tcp:127.0.0.1:" + port);
      ClamdEndpoint unix = ClamdEndpoint.parse("unix:" + socketPath);
      try (ClamdClient tcpNew = client(tcp, 0);
          ClamdClient tcpReuse = client(tcp, 1);
          ClamdClient unixNew = client(unix, 0);
          ClamdClient unixReuse = client(unix, 1)) {
        List<Named> methods =
            List.of(
                new Named("clamdscan --stream, TCP", list -> clamdscan(tcpConf, list)),
                new Named(
                    "Spamfree client, TCP, new connection per message", list -> scan(tcpNew, list)),
                new Named("Spamfree client, TCP, IDSESSION reuse", list -> scan(tcpReuse, list)),
                new Named("clamdscan --stream, unix socket", list -> clamdscan(unixConf, list)),
                new Named(
                    "Spamfree client, unix socket, new connection per message",
                    list -> scan(unixNew, list)),
                new Named(
                    "Spamfree client, unix socket, IDSESSION reuse",
                    list -> scan(unixReuse, list)));
        long[][] millis = new long[methods.size()][rounds];
        System.err.println("warm-up round");
        for (Named named : methods) {
          check(named, named.method().scanAll(messages), expectedInfected);
        }
        for (int round = 0; round < rounds; round++) {
          System.err.println("round " + (round + 1) + " of " + rounds);
          for (int step = 0; step < methods.size(); step++) {
            int index = (step + round) % methods.size();
            Named named = methods.get(index);
            long started = System.nanoTime();
            int infected = named.method().scanAll(messages);
            millis[index][round] = (System.nanoTime() - started) / 1_000_000;
            check(named, infected, expectedInfected);
          }
        }
        printReport(methods, millis, messageCount, totalBytes, expectedInfected, rounds);
      }
    } finally {
      clamd.destroy();
      if (!clamd.waitFor(10, TimeUnit.SECONDS)) {
        clamd.destroyForcibly();
      }
    }
  }

  private static ClamdClient client(ClamdEndpoint endpoint, int connections) {
    return new ClamdClient(
        new ClamavSettings(
            List.of(endpoint),
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            Duration.ofSeconds(2),
            25L * 1024 * 1024,
            ClamavSettings.FailureAction.TEMPFAIL,
            ClamavSettings.OversizeAction.REJECT,
            connections,
            Duration.ofSeconds(20),
            Duration.ofSeconds(30)));
  }

  private static int scan(ClamdClient client, List<Path> messages) throws IOException {
    int infected = 0;
    for (Path message : messages) {
      long size = Files.size(message);
      ScanResult result = client.scan(ScanInput.of(size, output -> Files.copy(message, output)));
      if (result instanceof ScanResult.Infected) {
        infected++;
      } else if (!(result instanceof ScanResult.Clean)) {
        throw new IllegalStateException("Scan of " + message + " failed: " + result);
      }
    }
    return infected;
  }

  /** Runs one clamdscan process over all messages, as a batch job would. */
  private static int clamdscan(Path configuration, List<Path> messages) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(CLAMDSCAN.toString());
    command.add("--stream");
    command.add("--no-summary");
    command.add("--config-file=" + configuration);
    messages.forEach(message -> command.add(message.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    // clamdscan exits 1 when it found a virus and 2 on errors.
    if (exit == 2) {
      throw new IllegalStateException("clamdscan failed:\n" + output);
    }
    return (int) output.lines().filter(line -> line.endsWith(" FOUND")).count();
  }

  private static void check(Named named, int infected, int expected) {
    if (infected != expected) {
      throw new IllegalStateException(
          named.name() + " found " + infected + " infected messages, expected " + expected);
    }
  }

  private static void printReport(
      List<Named> methods,
      long[][] millis,
      int messageCount,
      long totalBytes,
      int expectedInfected,
      int rounds) {
    System.out.printf(
        Locale.ROOT,
        "%d messages, %.1f MiB in total (2, 20, 100 and 300 KiB in turn), %d with the EICAR test"
            + " file; %d measured rounds after one warm-up round, methods in rotated order. Every"
            + " method found exactly the %d infected messages in every round.%n%n",
        messageCount,
        totalBytes / 1048576.0,
        expectedInfected,
        rounds,
        expectedInfected);
    System.out.println(
        "| method | median ms for all messages | messages/s at the median | min ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (int index = 0; index < methods.size(); index++) {
      long[] sorted = millis[index].clone();
      Arrays.sort(sorted);
      long median = sorted[sorted.length / 2];
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %.0f | %d | %d |%n",
          methods.get(index).name(),
          median,
          messageCount * 1000.0 / Math.max(1, median),
          sorted[0],
          sorted[sorted.length - 1]);
    }
  }

  private static List<Path> writeMessages(Path directory, int count) throws IOException {
    Files.createDirectories(directory);
    List<Path> messages = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      byte[] attachment = new byte[SIZES[index % SIZES.length]];
      // Deterministic filler that compresses poorly, like real attachments.
      long state = index * 2654435761L + 1;
      for (int position = 0; position < attachment.length; position++) {
        state = state * 6364136223846793005L + 1442695040888963407L;
        attachment[position] = (byte) (state >>> 56);
      }
      if (index % 10 == 0) {
        byte[] eicar = eicar();
        System.arraycopy(eicar, 0, attachment, 0, eicar.length);
        Arrays.fill(attachment, eicar.length, attachment.length, (byte) ' ');
      }
      String message =
          String.join(
              "\r\n",
              "From: sender@sender.example",
              "To: alice@example.test",
              "Subject: benchmark message " + index,
              "MIME-Version: 1.0",
              "Content-Type: multipart/mixed; boundary=b1",
              "",
              "--b1",
              "Content-Type: text/plain",
              "",
              "Benchmark message " + index + ".",
              "--b1",
              "Content-Type: application/octet-stream; name=data.bin",
              "Content-Transfer-Encoding: base64",
              "",
              Base64.getMimeEncoder().encodeToString(attachment),
              "--b1--",
              "");
      Path path = directory.resolve(String.format(Locale.ROOT, "message-%03d.eml", index));
      Files.writeString(path, message, StandardCharsets.US_ASCII);
      messages.add(path);
    }
    return messages;
  }

  /** Returns the EICAR test file, assembled from parts so that no repository file is one. */
  private static byte[] eicar() {
    return ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD" + "-ANTIVIRUS-TEST-FILE!" + "$H+H*")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static void writeDatabase(Path directory) throws Exception {
    Files.createDirectories(directory);
    Files.writeString(
        directory.resolve("spamfree.ndb"),
        "Spamfree.Test.EICAR:0:*:" + HexFormat.of().formatHex(eicar()) + "\n");
    byte[] marker =
        "Spamfree MD5 signature test file, harmless.\n".getBytes(StandardCharsets.US_ASCII);
    Files.writeString(
        directory.resolve("spamfree.hdb"),
        HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(marker))
            + ":"
            + marker.length
            + ":Spamfree.Test.MD5\n");
  }

  private static void awaitPong(Process clamd, int port) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!clamd.isAlive()) {
        throw new IllegalStateException("clamd exited at start; see clamd.out and clamd.log");
      }
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        socket.setSoTimeout(1000);
        OutputStream output = socket.getOutputStream();
        output.write("zPING\0".getBytes(StandardCharsets.US_ASCII));
        InputStream input = socket.getInputStream();
        if (Arrays.equals(input.readNBytes(5), "PONG\0".getBytes(StandardCharsets.US_ASCII))) {
          return;
        }
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("clamd did not reply to PING within " + START_TIMEOUT);
  }
}
