package org.spamfree.benchmarks.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

  @Test
  void defaultsNeedOnlyPort() {
    BenchmarkOptions options = BenchmarkOptions.parse(List.of("--nsd-port", "5353"));

    assertThat(options.nsdPort()).isEqualTo(5353);
    assertThat(options.iterations()).isEqualTo(200);
    assertThat(options.warmup()).isEqualTo(20);
    assertThat(options.slowZone()).isEqualTo(1);
    assertThat(options.slowDelayMillis()).isEqualTo(200);
    assertThat(options.otherZonesDelaysMillis()).containsExactly(0L);
    assertThat(options.latenciesFile()).isEmpty();
  }

  @Test
  void latenciesFileIsParsed() {
    BenchmarkOptions options =
        BenchmarkOptions.parse(
            List.of("--nsd-port", "5353", "--latencies-file", "/tmp/latencies.csv"));

    assertThat(options.latenciesFile()).contains(Path.of("/tmp/latencies.csv"));
  }

  @Test
  void delayListIsParsed() {
    BenchmarkOptions options =
        BenchmarkOptions.parse(
            List.of("--nsd-port", "5353", "--other-zones-delay-ms", "0, 20", "--slow-zone", "4"));

    assertThat(options.otherZonesDelaysMillis()).containsExactly(0L, 20L);
    assertThat(options.slowZone()).isEqualTo(4);
  }

  @Test
  void missingPortIsRejected() {
    assertThatThrownBy(() -> BenchmarkOptions.parse(List.of("--iterations", "10")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--nsd-port");
  }

  @Test
  void outOfRangeValueIsRejected() {
    assertThatThrownBy(
            () -> BenchmarkOptions.parse(List.of("--nsd-port", "5353", "--slow-zone", "5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid --slow-zone value '5': expected an integer from 1 to 4");
  }

  @Test
  void optionWithoutValueIsRejected() {
    assertThatThrownBy(() -> BenchmarkOptions.parse(List.of("--nsd-port")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("missing value for --nsd-port");
  }

  @Test
  void unknownOptionIsRejected() {
    assertThatThrownBy(() -> BenchmarkOptions.parse(List.of("--nsd-port", "1", "--fast", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown option '--fast'");
  }
}
