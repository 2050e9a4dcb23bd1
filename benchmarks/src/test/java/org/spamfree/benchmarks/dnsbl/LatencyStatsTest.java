package org.spamfree.benchmarks.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

  @Test
  void hundredValuesGiveTheirRank() {
    long[] values = LongStream.rangeClosed(1, 100).map(value -> 101 - value).toArray();

    LatencyStats stats = LatencyStats.of(values);

    assertThat(stats.count()).isEqualTo(100);
    assertThat(stats.p50Nanos()).isEqualTo(50);
    assertThat(stats.p90Nanos()).isEqualTo(90);
    assertThat(stats.p99Nanos()).isEqualTo(99);
    assertThat(stats.maxNanos()).isEqualTo(100);
    assertThat(values[0]).as("input left unsorted").isEqualTo(100);
  }

  @Test
  void tenValuesRoundRankUp() {
    LatencyStats stats = LatencyStats.of(new long[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 100});

    assertThat(stats.p50Nanos()).isEqualTo(50);
    assertThat(stats.p90Nanos()).isEqualTo(90);
    assertThat(stats.p99Nanos()).isEqualTo(100);
  }

  @Test
  void emptyInputIsRejected() {
    assertThatThrownBy(() -> LatencyStats.of(new long[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void millisHaveOneDecimal() {
    assertThat(LatencyStats.millis(203_149_000)).isEqualTo("203.1");
  }
}
