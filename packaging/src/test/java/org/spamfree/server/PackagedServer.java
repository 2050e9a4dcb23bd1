package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged distribution started as a child process through {@code bin/spamfree run}, in its own
 * working directory on free loopback ports. {@code conf/}, {@code bin/} and {@code var/} are
 * copies; {@code lib/} and {@code extensions-jars/} link to the built distribution.
 *
 * <p>The JVM gets {@code -Djdk.net.hosts.file} pointing at a hosts file with only loopback names,
 * so no lookup of the server (such as the reverse lookup for the {@code Received} header) reaches
 * the machine's configured resolver. For the same reason {@code SPAMFREE_DNS_SERVERS} points at a
 * loopback port where no DNS server listens, unless a test sets its own NSD. The reverse-DNS and
 * HELO DNS checks and the SPF check are off by default, so the scores of tests about other checks
 * stay exact. The DNS and SPF tests turn them on. The same holds for the store's HELO history,
 * HELO-sender and burst checks.
 */
final class PackagedServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final int PORT_ATTEMPTS = 3;

  final Path home;
  int smtpPort;
  int webadminPort;
  int imapPort;
  private final Map<String, String> environment = new HashMap<>();
  private Process process;
  private int starts;

  private PackagedServer(Path home) throws IOException {
    this.home = home;
    choosePorts();
    Path hosts = home.resolve("test-hosts");
    Files.writeString(
        hosts,
        "127.0.0.1 localhost " + localHostName() + "\n::1 localhost ip6-localhost\n",
        StandardCharsets.US_ASCII);
    environment.put(
        "SPAMFREE_JAVA_OPTS", "-Xms128m -Xmx512m -XX:+UseSerialGC -Djdk.net.hosts.file=" + hosts);
    environment.put("SPAMFREE_DNS_SERVERS", "127.0.0.1:" + freePort());
  }

  /** Lays out a fresh copy of the built distribution under {@code directory}. */
  static PackagedServer create(Path directory) throws IOException {
    Path distribution = distribution();
    Path home = directory.resolve("spamfree");
    Files.createDirectories(home);
    copyTree(distribution.resolve("bin"), home.resolve("bin"));
    copyTree(distribution.resolve("conf"), home.resolve("conf"));
    Files.createDirectories(home.resolve("var"));
    Files.createDirectories(home.resolve("logs"));
    Files.createSymbolicLink(home.resolve("lib"), distribution.resolve("lib"));
    Files.createSymbolicLink(
        home.resolve("extensions-jars"), distribution.resolve("extensions-jars"));
    home.resolve("bin/spamfree").toFile().setExecutable(true);
    Map<String, String> dnsChecksOff = new HashMap<>();
    dnsChecksOff.put("rdns.enabled", "false");
    dnsChecksOff.put("helo.dns.enabled", "false");
    dnsChecksOff.put("spf.enabled", "false");
    // The store checks score behaviour across connections, so a test of another check turns
    // them off to keep its scores exact; the store tests turn them on.
    dnsChecksOff.put("helo.history.enabled", "false");
    dnsChecksOff.put("helo.sender.enabled", "false");
    dnsChecksOff.put("burst.connections", "0");
    return new PackagedServer(home).properties(dnsChecksOff);
  }

  static Path distribution() {
    String property = System.getProperty("spamfree.distribution");
    assertThat(property)
        .as("system property spamfree.distribution (set by the failsafe configuration)")
        .isNotBlank();
    Path path = Path.of(property);
    assertThat(path.resolve("bin/spamfree"))
        .as("built distribution; run 'mvn verify' so the package phase builds it")
        .exists();
    return path;
  }

  PackagedServer env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /**
   * Replaces or adds {@code key = value} lines in {@code conf/spamfree.properties}; a null value
   * removes the key.
   */
  PackagedServer properties(Map<String, String> values) throws IOException {
    Path file = home.resolve("conf/spamfree.properties");
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String key = line.contains("=") ? line.substring(0, line.indexOf('=')).trim() : "";
      if (!values.containsKey(key)) {
        lines.add(line);
      }
    }
    values.forEach(
        (key, value) -> {
          if (value != null) {
            lines.add(key + " = " + value);
          }
        });
    Files.write(file, lines);
    return this;
  }

  /** Replaces the first occurrence of {@code from} in a file under {@code conf/}. */
  PackagedServer replaceInConf(String fileName, String from, String to) throws IOException {
    Path file = home.resolve("conf").resolve(fileName);
    String content = Files.readString(file);
    assertThat(content).as(fileName).contains(from);
    Files.writeString(file, content.replaceFirst(java.util.regex.Pattern.quote(from), to));
    return this;
  }

  private void choosePorts() throws IOException {
    int[] ports = freePorts(3);
    smtpPort = ports[0];
    webadminPort = ports[1];
    imapPort = ports[2];
    environment.put("SPAMFREE_SMTP_PORT", Integer.toString(smtpPort));
    environment.put("SPAMFREE_WEBADMIN_PORT", Integer.toString(webadminPort));
    environment.put("SPAMFREE_IMAP_PORT", Integer.toString(imapPort));
  }

  /**
   * Starts {@code bin/spamfree run} and waits until the server accepts mail. A port that another
   * process took between {@link #freePort()} and the server's bind gives new ports and another try,
   * up to {@link #PORT_ATTEMPTS} in all.
   */
  PackagedServer start() throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce();
      } catch (PortTakenException e) {
        if (attempt == PORT_ATTEMPTS) {
          throw new IllegalStateException(e.getMessage());
        }
        choosePorts();
      }
    }
  }

  /** The server stopped at start because one of its ports was in use. */
  private static final class PortTakenException extends Exception {
    PortTakenException(String message) {
      super(message);
    }
  }

  private PackagedServer startOnce() throws Exception {
    starts++;
    Path output = home.resolve("logs/test-run-" + starts + ".log");
    process =
        processBuilder("run").redirectErrorStream(true).redirectOutput(output.toFile()).start();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      String log = Files.readString(output, StandardCharsets.UTF_8);
      if (log.contains("Spamfree started")) {
        return this;
      }
      if (!process.isAlive()) {
        if (process.exitValue() == 3 && log.contains("Address already in use")) {
          throw new PortTakenException("Server could not bind its port during start-up:\n" + log);
        }
        throw new IllegalStateException(
            "Server exited with code " + process.exitValue() + " during start-up:\n" + log);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "Server did not start within " + START_TIMEOUT + ":\n" + Files.readString(output));
  }

  /** Runs {@code bin/spamfree ARGS} to completion and returns its exit code and output. */
  CommandResult runCommand(Duration timeout, String... args) throws Exception {
    Path output = Files.createTempFile(home, "command", ".log");
    Process command =
        processBuilder(args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!command.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      command.destroyForcibly();
      throw new IllegalStateException("bin/spamfree " + String.join(" ", args) + " timed out");
    }
    return new CommandResult(command.exitValue(), Files.readString(output));
  }

  /** Runs {@code bin/spamfree ARGS} with {@code input} as its standard input. */
  CommandResult runCommandWithInput(Duration timeout, String input, String... args)
      throws Exception {
    Path inputFile = Files.createTempFile(home, "input", ".txt");
    Files.writeString(inputFile, input, StandardCharsets.UTF_8);
    Path output = Files.createTempFile(home, "command", ".log");
    Process command =
        processBuilder(args)
            .redirectInput(inputFile.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!command.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      command.destroyForcibly();
      throw new IllegalStateException("bin/spamfree " + String.join(" ", args) + " timed out");
    }
    return new CommandResult(command.exitValue(), Files.readString(output));
  }

  record CommandResult(int exitCode, String output) {}

  /**
   * Returns the process id of the server's JVM ({@code bin/spamfree run} replaces itself with it).
   */
  long pid() {
    return process.pid();
  }

  /** Ends the server process with SIGKILL, as a crash would, and waits for it to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the server with SIGTERM and waits for the clean shutdown. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  String log() throws IOException {
    Path log = home.resolve("logs/spamfree.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** Returns the log lines containing {@code text}, waiting up to the timeout for a first one. */
  List<String> awaitLogLines(String text, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      List<String> lines = log().lines().filter(line -> line.contains(text)).toList();
      if (!lines.isEmpty() || Instant.now().isAfter(deadline)) {
        return lines;
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() throws Exception {
    stop();
  }

  private ProcessBuilder processBuilder(String... args) {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/spamfree").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("SPAMFREE_"));
    builder.environment().putAll(environment);
    return builder;
  }

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  static int freePort() throws IOException {
    return freePorts(1)[0];
  }

  /**
   * Returns distinct free loopback ports. Every socket stays open until all are chosen, so the
   * kernel cannot hand out the same port twice in one call. A port handed out earlier in this JVM,
   * such as a next hop's that is not bound yet, is never handed out again.
   */
  static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      int chosen = 0;
      while (chosen < count) {
        ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        sockets.add(socket);
        if (HANDED_OUT.add(socket.getLocalPort())) {
          ports[chosen++] = socket.getLocalPort();
        }
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  private static String localHostName() throws IOException {
    Path hostname = Path.of("/etc/hostname");
    return Files.exists(hostname) ? Files.readString(hostname).trim() : "localhost";
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path destination = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(path, destination, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
