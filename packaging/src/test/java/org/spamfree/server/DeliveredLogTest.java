package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveredLogTest {

  private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

  @TempDir Path directory;

  @Test
  void recordKeptAcrossRestart() throws Exception {
    Path file = directory.resolve("delivered/delivered.log");
    try (DeliveredLog log = new DeliveredLog(file, Duration.ofDays(3), clock(START))) {
      log.record("Mail1-a");
    }

    try (DeliveredLog reopened = new DeliveredLog(file, Duration.ofDays(3), clock(START))) {
      assertThat(reopened.contains("Mail1-a")).isTrue();
      assertThat(reopened.contains("Mail2-b")).isFalse();
    }
  }

  @Test
  void recordsOlderThanRetentionDropped() throws Exception {
    Path file = directory.resolve("delivered.log");
    try (DeliveredLog log = new DeliveredLog(file, Duration.ofDays(3), clock(START))) {
      log.record("old");
    }

    Instant later = START.plus(Duration.ofDays(3)).plusSeconds(1);
    try (DeliveredLog reopened = new DeliveredLog(file, Duration.ofDays(3), clock(later))) {
      assertThat(reopened.contains("old")).isFalse();
      assertThat(reopened.size()).isZero();
    }
  }

  @Test
  void incompleteLastLineIgnored() throws Exception {
    Path file = directory.resolve("delivered.log");
    Files.writeString(
        file, START.toEpochMilli() + " complete\n" + START.toEpochMilli(), StandardCharsets.UTF_8);

    try (DeliveredLog log = new DeliveredLog(file, Duration.ofDays(3), clock(START))) {
      assertThat(log.contains("complete")).isTrue();
      assertThat(log.size()).isEqualTo(1);
    }
  }

  @Test
  void compactionRewritesOnlyKeptRecords() throws Exception {
    Path file = directory.resolve("delivered.log");
    MutableClock clock = new MutableClock(START);
    try (DeliveredLog log = new DeliveredLog(file, Duration.ofHours(1), clock)) {
      log.record("early");
      clock.now = START.plus(Duration.ofMinutes(90));
      log.record("late");

      log.compact();

      assertThat(log.contains("early")).isFalse();
      assertThat(log.contains("late")).isTrue();
      assertThat(Files.readAllLines(file)).hasSize(1).allMatch(line -> line.endsWith(" late"));
    }
  }

  @Test
  void nameWithLineBreakRejected() throws Exception {
    try (DeliveredLog log =
        new DeliveredLog(directory.resolve("delivered.log"), Duration.ofDays(1), clock(START))) {
      assertThatThrownBy(() -> log.record("a\nb"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("line break");
    }
  }

  private static Clock clock(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  /** A clock that a test moves forward. */
  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
