package org.spamfree.benchmarks;

import java.time.Duration;

/**
 * Figures of one load run.
 *
 * @param measured outcomes of the measured messages
 * @param warmup outcomes of the warmup messages, all zero without warmup
 * @param latency latencies of the measured messages
 * @param elapsed time of the measured phase, from its first connection attempt until every session
 *     ended or the time bound stopped it
 * @param timeBoundReached whether the time bound stopped the run while messages were in flight or
 *     not yet sent
 * @param unsentMessages messages, warmup included, that were never started because of the time
 *     bound
 * @param connectionsOpened TCP connections that the server accepted, in both phases
 */
public record LoadResult(
    OutcomeCounts measured,
    OutcomeCounts warmup,
    LatencySummary latency,
    Duration elapsed,
    boolean timeBoundReached,
    long unsentMessages,
    long connectionsOpened) {

  /** Accepted measured messages per second of {@link #elapsed}, or 0 when nothing elapsed. */
  public double messagesPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? measured.accepted() / seconds : 0;
  }
}
