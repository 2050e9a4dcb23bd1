package org.spamfree.benchmarks.dnsbl;

import java.util.Arrays;

/**
 * Exact latency percentiles by the nearest-rank method: the p-th percentile of n sorted values is
 * the value at 1-based rank ceil(p / 100 * n), with no interpolation. The method is the same as the
 * SMTP load client's {@code Percentiles}, which is package-private there.
 *
 * @param count number of latencies
 * @param p50Nanos median
 * @param p90Nanos 90th percentile
 * @param p99Nanos 99th percentile
 * @param maxNanos maximum
 */
record LatencyStats(int count, long p50Nanos, long p90Nanos, long p99Nanos, long maxNanos) {

  /**
   * Computes the statistics of {@code latenciesNanos} without changing the array.
   *
   * @throws IllegalArgumentException when there are no latencies
   */
  static LatencyStats of(long[] latenciesNanos) {
    if (latenciesNanos.length == 0) {
      throw new IllegalArgumentException("no latencies to summarize");
    }
    long[] sorted = latenciesNanos.clone();
    Arrays.sort(sorted);
    return new LatencyStats(
        sorted.length,
        nearestRank(sorted, 50),
        nearestRank(sorted, 90),
        nearestRank(sorted, 99),
        sorted[sorted.length - 1]);
  }

  static long nearestRank(long[] sorted, int percent) {
    // Integer arithmetic, because in double arithmetic 0.07 * 100 is 7.000000000000001.
    long rank = ((long) percent * sorted.length + 99) / 100;
    return sorted[(int) rank - 1];
  }

  /** Formats nanoseconds as milliseconds with one decimal. */
  static String millis(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1_000_000.0);
  }
}
