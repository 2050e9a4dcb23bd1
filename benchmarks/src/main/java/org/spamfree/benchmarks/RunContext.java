package org.spamfree.benchmarks;

import java.io.PrintStream;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** State that the warmup and measured phases of one run share. */
final class RunContext {
  // Enough to show what goes wrong without flooding the output when the server is down.
  static final int MAX_LOGGED_ERRORS = 10;

  private final LoadOptions options;
  private final MessageComposer composer;
  private final PrintStream log;
  private final AtomicInteger nextSourceIndex = new AtomicInteger();
  private final AtomicLong connectionsOpened = new AtomicLong();
  private int loggedErrors;

  RunContext(LoadOptions options, MessageComposer composer, PrintStream log) {
    this.options = options;
    this.composer = composer;
    this.log = log;
  }

  LoadOptions options() {
    return options;
  }

  MessageComposer composer() {
    return composer;
  }

  PrintStream log() {
    return log;
  }

  /** Returns the next source address in turn, or null when the OS chooses. */
  InetAddress nextSourceAddress() {
    List<InetAddress> sources = options.sourceAddresses();
    if (sources.isEmpty()) {
      return null;
    }
    return sources.get(Math.floorMod(nextSourceIndex.getAndIncrement(), sources.size()));
  }

  void connectionOpened() {
    connectionsOpened.incrementAndGet();
  }

  long connectionsOpened() {
    return connectionsOpened.get();
  }

  /**
   * Logs an error that a session caught and counted. Only the first {@link #MAX_LOGGED_ERRORS} are
   * logged, followed by one line stating that later errors are only counted.
   */
  synchronized void logError(String description, Exception error) {
    loggedErrors++;
    if (loggedErrors <= MAX_LOGGED_ERRORS) {
      log.println(description + ": " + error);
    }
    if (loggedErrors == MAX_LOGGED_ERRORS) {
      log.println("Further errors are counted but not logged.");
    }
  }
}
