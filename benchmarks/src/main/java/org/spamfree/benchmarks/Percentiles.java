package org.spamfree.benchmarks;

/**
 * Exact percentiles by the nearest-rank method: the p-th percentile of n sorted values is the value
 * at 1-based rank ceil(p / 100 * n). The result is always one of the values, with no interpolation
 * and no sampling.
 */
final class Percentiles {
  private Percentiles() {}

  /**
   * Returns the {@code percent}-th percentile of {@code sorted}.
   *
   * @param sorted values in ascending order, at least one
   * @param percent percentile from 1 to 100. 100 returns the maximum.
   * @throws IllegalArgumentException if {@code sorted} is empty or {@code percent} is outside 1 to
   *     100
   */
  static long nearestRank(long[] sorted, int percent) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values to take a percentile of");
    }
    if (percent < 1 || percent > 100) {
      throw new IllegalArgumentException("percentile " + percent + " is outside 1 to 100");
    }
    // Integer arithmetic, because in double arithmetic 0.07 * 100 is 7.000000000000001, whose
    // ceiling would be rank 8 instead of 7.
    long rank = ((long) percent * sorted.length + 99) / 100;
    return sorted[(int) rank - 1];
  }
}
