package org.spamfree.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void singleValueIsEveryPercentile() {
    long[] sorted = {42};

    assertThat(Percentiles.nearestRank(sorted, 1)).isEqualTo(42);
    assertThat(Percentiles.nearestRank(sorted, 50)).isEqualTo(42);
    assertThat(Percentiles.nearestRank(sorted, 100)).isEqualTo(42);
  }

  @Test
  void hundredValuesGiveTheirRank() {
    long[] sorted = LongStream.rangeClosed(1, 100).toArray();

    assertThat(Percentiles.nearestRank(sorted, 50)).isEqualTo(50);
    assertThat(Percentiles.nearestRank(sorted, 90)).isEqualTo(90);
    assertThat(Percentiles.nearestRank(sorted, 99)).isEqualTo(99);
    assertThat(Percentiles.nearestRank(sorted, 100)).isEqualTo(100);
    // 0.07 * 100 is 7.000000000000001 in double arithmetic, which would give rank 8.
    assertThat(Percentiles.nearestRank(sorted, 7)).isEqualTo(7);
  }

  @Test
  void tenValuesRoundRankUp() {
    long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};

    // Ranks: ceil(0.5 * 10) = 5, ceil(0.9 * 10) = 9, ceil(0.99 * 10) = 10.
    assertThat(Percentiles.nearestRank(sorted, 50)).isEqualTo(50);
    assertThat(Percentiles.nearestRank(sorted, 90)).isEqualTo(90);
    assertThat(Percentiles.nearestRank(sorted, 99)).isEqualTo(100);
    assertThat(Percentiles.nearestRank(sorted, 11)).isEqualTo(20);
  }

  @Test
  void oddCountMedianIsMiddleValue() {
    long[] sorted = {1, 2, 3, 4, 1000};

    assertThat(Percentiles.nearestRank(sorted, 50)).isEqualTo(3);
  }

  @Test
  void invalidArgumentsRejected() {
    assertThatThrownBy(() -> Percentiles.nearestRank(new long[0], 50))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.nearestRank(new long[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.nearestRank(new long[] {1}, 101))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void summarySortsShuffledLatencies() {
    List<Long> values = new ArrayList<>();
    for (long i = 1; i <= 1000; i++) {
      values.add(i * 1_000);
    }
    Collections.shuffle(values, new Random(7));
    long[] latencies = values.stream().mapToLong(Long::longValue).toArray();

    LatencySummary summary = LatencySummary.of(latencies);

    assertThat(summary.count()).isEqualTo(1000);
    assertThat(summary.p50Nanos()).isEqualTo(500_000);
    assertThat(summary.p90Nanos()).isEqualTo(900_000);
    assertThat(summary.p99Nanos()).isEqualTo(990_000);
    assertThat(summary.maxNanos()).isEqualTo(1_000_000);
    assertThat(LatencySummary.toMillis(summary.maxNanos())).isEqualTo(1.0);
  }

  @Test
  void summaryOfNoLatenciesIsZero() {
    LatencySummary summary = LatencySummary.of(new long[0]);

    assertThat(summary.count()).isZero();
    assertThat(summary.maxNanos()).isZero();
  }
}
