package org.spamfree.benchmarks;

import java.io.PrintStream;

/**
 * Command-line SMTP load client for measuring a Spamfree server on this machine. It sends messages
 * from concurrent sessions and prints counts, throughput and exact latency percentiles. {@link
 * CommandLine#USAGE} lists the options, and {@link LoadRun} is the same core for Java tests.
 */
public final class SmtpLoadClient {
  static final int EXIT_COMPLETED = 0;
  static final int EXIT_NO_CONNECTION = 1;
  static final int EXIT_INVALID_OPTIONS = 2;

  private SmtpLoadClient() {}

  public static void main(String[] args) throws InterruptedException {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Parses {@code args}, runs the load and prints the results to {@code out}, and the log and
   * errors to {@code err}. Returns the exit status.
   */
  static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
    CommandLine commandLine;
    try {
      commandLine = CommandLine.parse(args);
    } catch (InvalidOptionException e) {
      err.println("Error: " + e.getMessage());
      err.println("Run with --help for usage.");
      return EXIT_INVALID_OPTIONS;
    }
    if (commandLine.helpRequested()) {
      out.print(CommandLine.USAGE);
      return EXIT_COMPLETED;
    }

    LoadOptions options = commandLine.options();
    LoadResult result = LoadRun.run(options, err);
    for (String line : ResultReport.summaryLines(result, options.maxDuration())) {
      out.println(line);
    }
    // The client shares the machine's cores with the server, so benchmark scripts report its CPU.
    ProcessHandle.current()
        .info()
        .totalCpuDuration()
        .ifPresent(cpu -> out.println("client CPU ms: " + cpu.toMillis()));
    if (commandLine.csv()) {
      out.println(ResultReport.csvLine(result));
    }

    if (result.connectionsOpened() == 0) {
      err.println(
          "Error: no connection to "
              + LoopbackAddresses.format(options.host(), options.port())
              + " could be opened. Check that the server is running and listens on that address.");
      return EXIT_NO_CONNECTION;
    }
    return EXIT_COMPLETED;
  }
}
