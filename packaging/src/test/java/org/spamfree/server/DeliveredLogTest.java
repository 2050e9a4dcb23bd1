package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveredLogTest {

  private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

  @TempDir Path directory;

  @Test
  void recordKeptAcrossRestart() throws Exception {
    Path logDirectory = directory.resolve("delivered");
    try (DeliveredLog log = open(logDirectory, clock(START), Set.of("Mail1-a"))) {
      log.record("Mail1-a");
    }

    try (DeliveredLog reopened = open(logDirectory, clock(START), Set.of("Mail1-a", "Mail2-b"))) {
      assertThat(reopened.contains("Mail1-a")).isTrue();
      assertThat(reopened.contains("Mail2-b")).isFalse();
    }
  }

  @Test
  void recordsOlderThanRetentionDropped() throws Exception {
    try (DeliveredLog log = open(directory, clock(START), Set.of("old"))) {
      log.record("old");
    }

    Instant later = START.plus(Duration.ofDays(3)).plusSeconds(1);
    try (DeliveredLog reopened = open(directory, clock(later), Set.of("old"))) {
      assertThat(reopened.contains("old")).isFalse();
      assertThat(reopened.size()).isZero();
    }
  }

  @Test
  void unwatchedNamesWrittenButNotKept() throws Exception {
    try (DeliveredLog log = open(directory, clock(START), Set.of())) {
      for (int index = 0; index < 1000; index++) {
        log.record("Mail-" + index);
      }

      assertThat(log.size()).isZero();
      assertThat(log.contains("Mail-500")).isFalse();
    }
    assertThat(Files.readAllLines(directory.resolve("delivered-2026120100.log"))).hasSize(1000);

    try (DeliveredLog reopened = open(directory, clock(START), Set.of("Mail-500"))) {
      assertThat(reopened.contains("Mail-500")).isTrue();
      assertThat(reopened.size()).isEqualTo(1);
    }
  }

  @Test
  void incompleteLastLineIgnored() throws Exception {
    Files.writeString(
        directory.resolve("delivered.log"),
        START.toEpochMilli() + " complete\n" + START.toEpochMilli(),
        StandardCharsets.UTF_8);

    try (DeliveredLog log = open(directory, clock(START), Set.of("complete"))) {
      assertThat(log.contains("complete")).isTrue();
      assertThat(log.size()).isEqualTo(1);
    }
  }

  @Test
  void damagedBytesSkipped() throws Exception {
    byte[] damaged = (START.toEpochMilli() + " Mail\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] good = (START.toEpochMilli() + " good\n").getBytes(StandardCharsets.UTF_8);
    Path file = directory.resolve("delivered-2026120100.log");
    Files.write(file, damaged);
    Files.write(file, good, java.nio.file.StandardOpenOption.APPEND);

    try (DeliveredLog log = open(directory, clock(START), Set.of("good", "Mail\u00e9"))) {
      assertThat(log.contains("good")).isTrue();
      assertThat(log.contains("Mail\u00e9")).isFalse();
      assertThat(log.size()).isEqualTo(1);
    }
  }

  @Test
  void recordAfterCutLineStartsNewLine() throws Exception {
    Path hourFile = directory.resolve("delivered-2026120100.log");
    Files.writeString(hourFile, "1 complete\n2 cu", StandardCharsets.UTF_8);

    try (DeliveredLog log = open(directory, clock(START), Set.of("next"))) {
      log.record("next");
    }

    assertThat(Files.readAllLines(hourFile))
        .containsExactly("1 complete", "2 cu", START.toEpochMilli() + " next");
    try (DeliveredLog reopened = open(directory, clock(START), Set.of("next"))) {
      assertThat(reopened.contains("next")).isTrue();
    }
  }

  @Test
  void compactionDeletesExpiredFiles() throws Exception {
    MutableClock clock = new MutableClock(START);
    try (DeliveredLog log =
        new DeliveredLog(directory, Duration.ofHours(1), clock, Set.of("early", "late"))) {
      log.record("early");
      Path earlyFile = directory.resolve("delivered-2026120100.log");
      Files.setLastModifiedTime(earlyFile, FileTime.from(START));
      clock.now = START.plus(Duration.ofMinutes(90));
      log.record("late");

      log.compact();

      assertThat(log.contains("early")).isFalse();
      assertThat(log.contains("late")).isTrue();
      assertThat(earlyFile).doesNotExist();
      assertThat(Files.readAllLines(directory.resolve("delivered-2026120101.log")))
          .hasSize(1)
          .allMatch(line -> line.endsWith(" late"));
    }
  }

  @Test
  void nameWithLineBreakRejected() throws Exception {
    try (DeliveredLog log = open(directory, clock(START), Set.of())) {
      assertThatThrownBy(() -> log.record("a\nb"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("line break");
    }
  }

  private static DeliveredLog open(Path logDirectory, Clock clock, Set<String> watched)
      throws Exception {
    return new DeliveredLog(logDirectory, Duration.ofDays(3), clock, watched);
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
