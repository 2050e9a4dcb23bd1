package org.spamfree.core.clamav;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs clamd from Debian's {@code clamav-daemon} package in the foreground
 * on 127.0.0.1, a free TCP port and a unix socket in a temporary directory, with the project's own
 * signature database ({@link TestSignatures}). The Debian service is never used, and freshclam
 * never runs. {@code scripts/test} installs the package; without it the extension fails with the
 * command to run.
 *
 * <p>Tests may {@link #stop()} and {@link #start()} the server to see how clients handle a clamd
 * that went away.
 */
public final class ClamdServer implements BeforeAllCallback, AfterAllCallback {

  private static final Path CLAMD = Path.of("/usr/sbin/clamd");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** clamd's StreamMaxLength in these tests, in bytes. */
  public static final long STREAM_MAX_LENGTH = 1024 * 1024;

  private Path directory;
  private Process process;
  private int port;

  public static ClamdServer create() {
    return new ClamdServer();
  }

  public int port() {
    return port;
  }

  public ClamdEndpoint tcpEndpoint() {
    return ClamdEndpoint.parse("tcp:127.0.0.1:" + port);
  }

  public ClamdEndpoint unixEndpoint() {
    return ClamdEndpoint.parse("unix:" + socketPath());
  }

  /** Returns the configuration file, for {@code clamdscan --config-file}. */
  public Path configurationFile() {
    return directory.resolve("clamd.conf");
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (!Files.isExecutable(CLAMD)) {
      throw new IllegalStateException(
          "clamd is not installed, and the ClamAV tests need it. Run scripts/test, which installs"
              + " it, or: apt-get install clamav-daemon clamdscan");
    }
    directory = Files.createTempDirectory("spamfree-clamd");
    Path database = Files.createDirectory(directory.resolve("db"));
    Files.writeString(
        database.resolve("spamfree.ndb"), TestSignatures.ndbDatabase(), StandardCharsets.US_ASCII);
    Files.writeString(
        database.resolve("spamfree.hdb"), TestSignatures.hdbDatabase(), StandardCharsets.US_ASCII);
    port = freeTcpPort();
    Files.writeString(configurationFile(), configuration(database), StandardCharsets.US_ASCII);
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  /** Starts clamd and waits until it replies to PING on its TCP port. */
  public void start() throws Exception {
    Files.deleteIfExists(socketPath());
    process =
        new ProcessBuilder(CLAMD.toString(), "--config-file=" + configurationFile())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(directory.resolve("clamd.out").toFile()))
            .start();
    awaitPong();
  }

  /** Stops clamd and waits until it has exited, so that its ports refuse connections. */
  public void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      process = null;
    }
  }

  private Path socketPath() {
    return directory.resolve("clamd.sock");
  }

  private String configuration(Path database) {
    return String.join(
        "\n",
        "Foreground yes",
        "TCPAddr 127.0.0.1",
        "TCPSocket " + port,
        "LocalSocket " + socketPath(),
        "DatabaseDirectory " + database,
        "LogFile " + directory.resolve("clamd.log"),
        "PidFile " + directory.resolve("clamd.pid"),
        "StreamMaxLength " + STREAM_MAX_LENGTH,
        "MaxThreads 4",
        "IdleTimeout 30",
        "SelfCheck 3600",
        "");
  }

  private void awaitPong() throws Exception {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("clamd exited at start:\n" + log());
      }
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        socket.setSoTimeout(1000);
        OutputStream output = socket.getOutputStream();
        output.write("zPING\0".getBytes(StandardCharsets.US_ASCII));
        InputStream input = socket.getInputStream();
        byte[] reply = input.readNBytes(5);
        if (new String(reply, StandardCharsets.US_ASCII).equals("PONG\0")) {
          return;
        }
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("clamd did not answer within " + START_TIMEOUT + ":\n" + log());
  }

  private String log() throws IOException {
    StringBuilder log = new StringBuilder();
    for (String file : new String[] {"clamd.out", "clamd.log"}) {
      Path path = directory.resolve(file);
      if (Files.exists(path)) {
        log.append(Files.readString(path));
      }
    }
    return log.toString();
  }

  static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
