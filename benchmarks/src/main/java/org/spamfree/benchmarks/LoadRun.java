package org.spamfree.benchmarks;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * Runs SMTP load against a server on this machine and measures it. This is the core of {@link
 * SmtpLoadClient}, for integration tests that start the server in-process.
 *
 * <p>Warmup messages, if any, are sent first with the same sessions and left out of the figures.
 * The measured phase starts once the warmup has ended. The time bound covers both phases, and the
 * run stops by itself when it passes.
 */
public final class LoadRun {
  private LoadRun() {}

  /** Runs the load and logs start, progress, errors and stop to standard error. */
  public static LoadResult run(LoadOptions options) throws InterruptedException {
    return run(options, System.err);
  }

  /** Runs the load and discards the log, for tests that check only the result. */
  public static LoadResult runQuietly(LoadOptions options) throws InterruptedException {
    return run(options, new PrintStream(OutputStream.nullOutputStream()));
  }

  /**
   * Runs the load and logs start, progress, errors and stop to {@code log}.
   *
   * @throws InterruptedException if the calling thread is interrupted. The sessions are stopped
   *     first.
   */
  public static LoadResult run(LoadOptions options, PrintStream log) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + options.maxDuration().toNanos();
    MessageComposer composer = new MessageComposer(options, UUID.randomUUID().toString());
    RunContext context = new RunContext(options, composer, log);
    logStart(options, log);

    LoadPhase.Result warmup = null;
    if (options.warmupMessages() > 0) {
      warmup = new LoadPhase(context, "warmup", 1, options.warmupMessages()).run(deadline);
    }

    LoadPhase.Result measured;
    if (warmup != null && warmup.timeBoundReached()) {
      measured = new LoadPhase.Result(OutcomeCounts.NONE, new long[0], 0, true, options.messages());
    } else {
      measured =
          new LoadPhase(context, "measured", options.warmupMessages() + 1L, options.messages())
              .run(deadline);
    }

    long unsent = measured.unsentMessages() + (warmup == null ? 0 : warmup.unsentMessages());
    LoadResult result =
        new LoadResult(
            measured.counts(),
            warmup == null ? OutcomeCounts.NONE : warmup.counts(),
            LatencySummary.of(measured.latenciesNanos()),
            Duration.ofNanos(measured.elapsedNanos()),
            measured.timeBoundReached(),
            unsent,
            context.connectionsOpened());
    logStop(result, options, System.nanoTime() - start, log);
    return result;
  }

  private static void logStart(LoadOptions options, PrintStream log) {
    log.println(
        String.format(
            Locale.ROOT,
            "Starting load run to %s: %d messages of %d bytes after %d warmup messages,"
                + " %d sessions, %d messages per connection, time bound %s.",
            LoopbackAddresses.format(options.host(), options.port()),
            options.messages(),
            options.messageSizeBytes(),
            options.warmupMessages(),
            options.sessions(),
            options.messagesPerSession(),
            ResultReport.formatDuration(options.maxDuration())));
  }

  private static void logStop(
      LoadResult result, LoadOptions options, long totalNanos, PrintStream log) {
    if (result.timeBoundReached()) {
      log.println(
          String.format(
              Locale.ROOT,
              "Load run stopped at the time bound of %s: %d messages abandoned in flight, %d"
                  + " not sent.",
              ResultReport.formatDuration(options.maxDuration()),
              result.measured().abandoned() + result.warmup().abandoned(),
              result.unsentMessages()));
    } else {
      log.println(String.format(Locale.ROOT, "Load run finished after %.3f s.", totalNanos / 1e9));
    }
  }
}
