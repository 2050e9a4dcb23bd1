package org.spamfree.core.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spamfree.core.SpamfreeModule;
import org.spamfree.core.clamav.ClamavSettings;
import org.spamfree.core.clamav.ClamdClient;
import org.spamfree.core.clamav.ClamdEndpoint;
import org.spamfree.core.clamav.ScanInput;
import org.spamfree.core.clamav.ScanResult;
import org.spamfree.core.config.SpamfreeConfigurationException;

/**
 * The {@code bin/spamfree clamav} command: checks the configured clamd servers with the server's
 * own settings, or scans one file with them as the SMTP hook would.
 *
 * <pre>
 * spamfree clamav          each server's PING and VERSION reply and the time taken
 * spamfree clamav FILE     the scan result of FILE (a message or any file)
 * </pre>
 *
 * Exit codes: 0 when every server replied or the file is clean, 1 when the file contains a virus, 2
 * for invalid arguments, 3 for invalid configuration, 4 when a server failed or the file could not
 * be scanned.
 */
public final class ClamavTool {

  static final int EXIT_VIRUS = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_CONFIGURATION = 3;
  static final int EXIT_FAILURE = 4;

  private ClamavTool() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command with the settings file of the server and returns its exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    ClamavSettings settings;
    try {
      settings = SpamfreeModule.load(SpamfreeModule.configurationPath()).clamav();
    } catch (SpamfreeConfigurationException e) {
      err.println("spamfree: invalid configuration: " + e.getMessage());
      return EXIT_CONFIGURATION;
    }
    return run(args, settings, out, err);
  }

  /** Runs the command with the given settings and returns its exit code. */
  static int run(String[] args, ClamavSettings settings, PrintStream out, PrintStream err) {
    if (args.length < 1 || args.length > 2 || !args[0].equals("clamav")) {
      err.println("spamfree: usage: spamfree clamav [FILE]");
      return EXIT_USAGE;
    }
    if (!settings.enabled()) {
      err.println(
          "spamfree: virus scanning is off: set clamav.servers in conf/spamfree.properties, such"
              + " as clamav.servers = unix:/run/clamav/clamd.ctl");
      return EXIT_CONFIGURATION;
    }
    try (ClamdClient client = new ClamdClient(settings)) {
      return args.length == 1
          ? printServers(client, out)
          : scanFile(client, Path.of(args[1]), out, err);
    }
  }

  private static int printServers(ClamdClient client, PrintStream out) {
    int exit = 0;
    for (ClamdEndpoint server : client.settings().servers()) {
      long started = System.nanoTime();
      boolean pong = client.ping(server);
      String version;
      try {
        version = pong ? client.version(server) : "-";
      } catch (IOException e) {
        version = "failed: " + e.getMessage();
        pong = false;
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      out.println(
          server + "  " + (pong ? "PONG" : "FAILED") + "  " + version + "  " + millis + " ms");
      if (!pong) {
        exit = EXIT_FAILURE;
      }
    }
    return exit;
  }

  private static int scanFile(ClamdClient client, Path file, PrintStream out, PrintStream err) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      err.println("spamfree: cannot read '" + file + "': " + e.getMessage());
      return EXIT_USAGE;
    }
    ScanResult result = client.scan(ScanInput.of(size, output -> Files.copy(file, output)));
    if (result instanceof ScanResult.Clean clean) {
      out.println(file + "  CLEAN  scanned by " + clean.server());
      return 0;
    }
    if (result instanceof ScanResult.Infected infected) {
      out.println(file + "  VIRUS " + infected.signature() + "  found by " + infected.server());
      return EXIT_VIRUS;
    }
    if (result instanceof ScanResult.Oversized oversized) {
      out.println(
          file
              + "  NOT SCANNED  "
              + oversized.size()
              + " bytes is above clamav.stream.max.length ("
              + oversized.limit()
              + ")");
      return EXIT_FAILURE;
    }
    out.println(file + "  NOT SCANNED  " + ((ScanResult.Failed) result).reason());
    return EXIT_FAILURE;
  }
}
