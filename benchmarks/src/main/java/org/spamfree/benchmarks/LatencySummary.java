package org.spamfree.benchmarks;

import java.util.Arrays;

/**
 * Exact latency percentiles of the measured messages that got a reply after the end-of-data dot,
 * accepted or not. Each latency runs from sending MAIL FROM to that reply. All values are 0 when
 * {@code count} is 0.
 *
 * @param count number of latencies
 * @param p50Nanos median
 * @param p90Nanos 90th percentile
 * @param p99Nanos 99th percentile
 * @param maxNanos maximum
 */
public record LatencySummary(
    int count, long p50Nanos, long p90Nanos, long p99Nanos, long maxNanos) {

  /** Computes the summary of {@code latenciesNanos}, which it sorts in place. */
  static LatencySummary of(long[] latenciesNanos) {
    if (latenciesNanos.length == 0) {
      return new LatencySummary(0, 0, 0, 0, 0);
    }
    Arrays.sort(latenciesNanos);
    return new LatencySummary(
        latenciesNanos.length,
        Percentiles.nearestRank(latenciesNanos, 50),
        Percentiles.nearestRank(latenciesNanos, 90),
        Percentiles.nearestRank(latenciesNanos, 99),
        latenciesNanos[latenciesNanos.length - 1]);
  }

  /** Converts a latency in nanoseconds to milliseconds. */
  public static double toMillis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
