package org.spamfree.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Adding up queued writes of the same row. */
class WriteBatchTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final LocalDate DAY = LocalDate.parse("2026-03-01");

  @Test
  void sameRowWritesMerged() {
    WriteBatch batch = new WriteBatch();
    batch.add(new StoreWrite.HeloSeen("192.0.2.1", "a.example.test", T0, T0, 1));
    batch.add(
        new StoreWrite.HeloSeen(
            "192.0.2.1", "a.example.test", T0.minusSeconds(5), T0.plusSeconds(5), 2));
    batch.add(new StoreWrite.Count(DAY, StatisticsMetrics.CONNECTIONS, "", 1));
    batch.add(new StoreWrite.Count(DAY, StatisticsMetrics.CONNECTIONS, "", 1));

    assertThat(batch.added()).isEqualTo(4);
    assertThat(batch.writes())
        .containsExactly(
            new StoreWrite.HeloSeen(
                "192.0.2.1", "a.example.test", T0.minusSeconds(5), T0.plusSeconds(5), 3),
            new StoreWrite.Count(DAY, StatisticsMetrics.CONNECTIONS, "", 2));
  }

  @Test
  void differentRowsKeptApart() {
    WriteBatch batch = new WriteBatch();
    batch.add(new StoreWrite.AddressSeen("192.0.2.1", T0, T0, 1));
    batch.add(new StoreWrite.AddressSeen("192.0.2.2", T0, T0, 1));
    batch.add(new StoreWrite.Count(DAY, StatisticsMetrics.VERDICT, "ACCEPT", 1));
    batch.add(new StoreWrite.Count(DAY, StatisticsMetrics.VERDICT, "REJECT", 1));

    assertThat(batch.writes()).hasSize(4);
  }

  @Test
  void secondTrapHitKeepsLongerExpiry() {
    WriteBatch batch = new WriteBatch();
    BlocklistEntry first = new BlocklistEntry("192.0.2.1", "trap a", T0, T0.plusSeconds(60));
    BlocklistEntry second =
        new BlocklistEntry("192.0.2.1", "trap b", T0.plusSeconds(1), T0.plusSeconds(30));
    batch.add(new StoreWrite.Blocklisting(first, true));
    batch.add(new StoreWrite.Blocklisting(second, true));

    assertThat(batch.writes())
        .containsExactly(
            new StoreWrite.Blocklisting(
                new BlocklistEntry("192.0.2.1", "trap b", T0, T0.plusSeconds(60)), true));
  }

  @Test
  void administratorEditReplacesQueuedListing() {
    WriteBatch batch = new WriteBatch();
    BlocklistEntry first = new BlocklistEntry("192.0.2.1", "trap", T0, T0.plusSeconds(60));
    BlocklistEntry second = new BlocklistEntry("192.0.2.1", "manual", T0, T0.plusSeconds(30));
    batch.add(new StoreWrite.Blocklisting(first, true));
    batch.add(new StoreWrite.Blocklisting(second, false));

    assertThat(batch.writes()).containsExactly(new StoreWrite.Blocklisting(second, false));
  }
}
