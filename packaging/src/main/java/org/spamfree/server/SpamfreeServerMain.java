package org.spamfree.server;

import com.google.inject.Scopes;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.james.ExtraProperties;
import org.apache.james.FakeSearchMailboxModule;
import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.dnsservice.dnsjava.DNSJavaService;
import org.apache.james.modules.RunArgumentsModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the Spamfree distribution: the James 3.8.1 memory app with a durable mail queue ({@link
 * DurableMailQueueModule}), an SMTP server that rejects messages with over-long lines ({@link
 * LineLengthSmtpModule}) and the configuration under {@code conf/} of the working directory.
 *
 * <p>Exit codes: 0 after a normal stop, 2 for invalid configuration or environment, 3 when a port
 * is already in use or another server runs on the same distribution, 1 for any other start-up
 * failure. Each failure prints one line to standard error that names what to fix.
 */
public final class SpamfreeServerMain {

  static final int EXIT_FAILURE = 1;
  static final int EXIT_CONFIGURATION = 2;
  static final int EXIT_PORT = 3;

  private static final Logger LOGGER = LoggerFactory.getLogger(SpamfreeServerMain.class);

  /** Held until the process ends; the field keeps the lock from being garbage-collected. */
  @SuppressWarnings("unused")
  private static FileLock workingDirectoryLock;

  private SpamfreeServerMain() {}

  public static void main(String[] args) {
    // Set before any server thread exists: threads inherit their creator's context class loader.
    Thread.currentThread()
        .setContextClassLoader(
            new ServiceFileCachingClassLoader(SpamfreeServerMain.class.getClassLoader()));
    ServerEnvironment environment;
    try {
      environment = ServerEnvironment.read(System::getenv);
    } catch (IllegalArgumentException e) {
      fail(EXIT_CONFIGURATION, "invalid environment: " + e.getMessage());
      return;
    }
    for (Map.Entry<String, InetSocketAddress> socket : environment.listenAddresses().entrySet()) {
      checkPortFree(socket.getKey(), socket.getValue());
    }
    lockWorkingDirectory();
    DnsServerList dnsServers;
    try {
      dnsServers =
          DnsServerList.read(
              System.getenv("SPAMFREE_DNS_SERVERS"),
              Path.of(System.getProperty("working.directory", "."), "conf", "spamfree.properties"));
    } catch (IllegalArgumentException | IOException e) {
      fail(EXIT_CONFIGURATION, "invalid configuration: " + e.getMessage());
      return;
    }
    environment.export();
    LOGGER.info("Spamfree environment: {}", environment.describe());

    // Report start-up failures ourselves, with the cause an administrator can act on.
    System.setProperty("james.exit.on.startup.error", "false");
    GuiceJamesServer server;
    try {
      ExtraProperties.initialize();
      MemoryJamesConfiguration configuration =
          MemoryJamesConfiguration.builder().useWorkingDirectoryEnvProperty().build();
      server =
          MemoryJamesServerMain.createServer(configuration)
              .combineWith(new FakeSearchMailboxModule())
              .overrideWith(
                  new DurableMailQueueModule(),
                  new LineLengthSmtpModule(),
                  binder -> {
                    binder.bind(DnsServerList.class).toInstance(dnsServers);
                    binder
                        .bind(DNSJavaService.class)
                        .to(FollowingDnsService.class)
                        .in(Scopes.SINGLETON);
                  },
                  new RunArgumentsModule(args));
      server.start();
    } catch (Throwable e) {
      reportStartupFailure(e);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "spamfree-shutdown"));
    LOGGER.info("Spamfree started: {}", environment.describe());
  }

  private static void checkPortFree(String variable, InetSocketAddress address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(address);
    } catch (BindException e) {
      if (String.valueOf(e.getMessage()).contains("assign requested address")) {
        fail(
            EXIT_CONFIGURATION,
            "cannot listen on "
                + address.getAddress().getHostAddress()
                + ": the address is not on this host. Set "
                + (variable.equals("SPAMFREE_WEBADMIN_PORT")
                    ? "SPAMFREE_WEBADMIN_BIND"
                    : "SPAMFREE_BIND")
                + " to one of this host's addresses, or 0.0.0.0 for all.");
      }
      portInUse(variable, address, e);
    } catch (IOException e) {
      portInUse(variable, address, e);
    }
  }

  /**
   * Takes an exclusive lock on {@code var/spamfree.lock} for the life of the process. A second
   * server on the same distribution would otherwise wait forever for the mail queue's store.
   */
  private static void lockWorkingDirectory() {
    Path lockFile = Path.of(System.getProperty("working.directory", "."), "var", "spamfree.lock");
    try {
      Files.createDirectories(lockFile.getParent());
      FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        fail(
            EXIT_PORT,
            "another Spamfree server uses "
                + lockFile.getParent()
                + "; stop it first (bin/spamfree stop), or run this one from another copy of the"
                + " distribution.");
      }
      workingDirectoryLock = lock;
    } catch (IOException e) {
      fail(EXIT_FAILURE, "cannot lock " + lockFile + ": " + e.getMessage());
    }
  }

  private static void portInUse(String variable, InetSocketAddress address, IOException e) {
    fail(
        EXIT_PORT,
        "cannot listen on "
            + address.getAddress().getHostAddress()
            + " port "
            + address.getPort()
            + " ("
            + variable
            + "): "
            + e.getMessage()
            + ". Stop the process using it or set "
            + variable
            + " to a free port.");
  }

  private static void reportStartupFailure(Throwable failure) {
    Throwable spamfreeError = null;
    Throwable configurationError = null;
    AccessDeniedException accessDenied = null;
    Throwable root = failure;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (accessDenied == null && cause instanceof AccessDeniedException denied) {
        accessDenied = denied;
      }
      // The extension's exception comes from another class loader, so match it by name.
      String type = cause.getClass().getName();
      if (spamfreeError == null && type.endsWith(".SpamfreeConfigurationException")) {
        spamfreeError = cause;
      }
      if (configurationError == null && type.endsWith(".ConfigurationException")) {
        configurationError = cause;
      }
      root = cause;
    }
    if (spamfreeError != null) {
      configurationError = spamfreeError;
    }
    LOGGER.error("Spamfree start-up failed", failure);
    if (accessDenied != null) {
      String user = System.getProperty("user.name");
      Path var = Path.of(System.getProperty("working.directory", "."), "var").toAbsolutePath();
      fail(
          EXIT_CONFIGURATION,
          "cannot write "
              + accessDenied.getFile()
              + ": permission denied for user "
              + user
              + ". Make "
              + var
              + " and everything in it writable by that user, for example: chown -R "
              + user
              + " "
              + var);
    }
    if (configurationError != null) {
      String detail = configurationError == root ? "" : " (cause: " + root.getMessage() + ")";
      fail(
          EXIT_CONFIGURATION, "invalid configuration: " + configurationError.getMessage() + detail);
    }
    fail(
        EXIT_FAILURE,
        "start-up failed: "
            + root.getClass().getSimpleName()
            + ": "
            + root.getMessage()
            + " (details in logs/spamfree.log)");
  }

  private static void fail(int exitCode, String message) {
    System.err.println("spamfree: " + message);
    System.exit(exitCode);
  }
}
