package org.spamfree.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every backend of {@link ReputationStore} must show. Each subclass supplies a fresh
 * database per test.
 */
abstract class ReputationStoreContract {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final LocalDate DAY = LocalDate.parse("2026-03-01");

  TestDatabase database;
  JdbcReputationStore store;

  abstract TestDatabase createDatabase();

  @BeforeEach
  void openStore() {
    database = createDatabase();
    store = open();
  }

  JdbcReputationStore open() {
    return JdbcReputationStore.open(database.url, database.user, "", 4, Duration.ofSeconds(5));
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
    if (database != null) {
      database.drop();
    }
  }

  private static StoreWrite.HeloSeen helo(String address, String name, Instant at) {
    return new StoreWrite.HeloSeen(address, name, at, at, 1);
  }

  @Test
  void heloNamesAddUpPerAddress() {
    store.write(List.of(helo("192.0.2.1", "a.example.test", T0)));
    store.write(
        List.of(
            helo("192.0.2.1", "a.example.test", T0.plusSeconds(60)),
            helo("192.0.2.1", "b.example.test", T0.plusSeconds(120)),
            helo("192.0.2.2", "c.example.test", T0)));

    List<HeloName> names = store.heloNames("192.0.2.1", T0.minusSeconds(1));

    assertThat(names)
        .containsExactly(
            new HeloName("b.example.test", 1, T0.plusSeconds(120), T0.plusSeconds(120)),
            new HeloName("a.example.test", 2, T0, T0.plusSeconds(60)));
  }

  @Test
  void heloNamesOutsideWindowLeftOut() {
    store.write(
        List.of(
            helo("192.0.2.1", "old.example.test", T0.minus(Duration.ofHours(25))),
            helo("192.0.2.1", "new.example.test", T0)));

    List<HeloName> names = store.heloNames("192.0.2.1", T0.minus(Duration.ofHours(24)));

    assertThat(names).extracting(HeloName::name).containsExactly("new.example.test");
  }

  @Test
  void earlierSightingKeepsLastSeen() {
    store.write(List.of(helo("192.0.2.1", "a.example.test", T0)));
    store.write(List.of(helo("192.0.2.1", "a.example.test", T0.minusSeconds(30))));

    HeloName name = store.heloNames("192.0.2.1", Instant.EPOCH).get(0);

    assertThat(name.firstSeen()).isEqualTo(T0.minusSeconds(30));
    assertThat(name.lastSeen()).isEqualTo(T0);
    assertThat(name.count()).isEqualTo(2);
  }

  @Test
  void longHeloNameStoredCut() {
    String longName = "x".repeat(300);
    store.write(List.of(helo("2001:db8::1", longName, T0)));

    assertThat(store.heloNames("2001:db8::1", Instant.EPOCH).get(0).name())
        .isEqualTo("x".repeat(255));
  }

  @Test
  void blocklistEntryActiveUntilExpiry() {
    BlocklistEntry entry =
        new BlocklistEntry("192.0.2.9", "trap trap@old.example.test", T0, T0.plusSeconds(3600));
    store.write(List.of(new StoreWrite.Blocklisting(entry, true)));

    assertThat(store.blocklistEntry("192.0.2.9", T0.plusSeconds(10))).contains(entry);
    assertThat(store.blocklistEntry("192.0.2.9", T0.plusSeconds(3600))).isEmpty();
    assertThat(store.blocklistEntry("192.0.2.10", T0)).isEmpty();
  }

  @Test
  void trapHitNeverShortensListing() {
    BlocklistEntry longer = new BlocklistEntry("192.0.2.9", "first", T0, T0.plusSeconds(7200));
    BlocklistEntry shorter =
        new BlocklistEntry("192.0.2.9", "second", T0.plusSeconds(60), T0.plusSeconds(3600));
    store.write(List.of(new StoreWrite.Blocklisting(longer, true)));
    store.write(List.of(new StoreWrite.Blocklisting(shorter, true)));

    BlocklistEntry stored = store.blocklistEntry("192.0.2.9", T0).orElseThrow();

    assertThat(stored.expiresAt()).isEqualTo(T0.plusSeconds(7200));
    assertThat(stored.createdAt()).isEqualTo(T0);
    assertThat(stored.reason()).isEqualTo("second");
  }

  @Test
  void administratorEditReplacesListing() {
    BlocklistEntry longer = new BlocklistEntry("192.0.2.9", "trap", T0, T0.plusSeconds(7200));
    BlocklistEntry shorter = new BlocklistEntry("192.0.2.9", "manual", T0, T0.plusSeconds(60));
    store.write(List.of(new StoreWrite.Blocklisting(longer, true)));
    store.write(List.of(new StoreWrite.Blocklisting(shorter, false)));

    assertThat(store.blocklistEntry("192.0.2.9", T0)).contains(shorter);
  }

  @Test
  void blocklistListsActiveEntriesLatestExpiryFirst() {
    BlocklistEntry first = new BlocklistEntry("192.0.2.1", "a", T0, T0.plusSeconds(100));
    BlocklistEntry second = new BlocklistEntry("2001:db8::5", "b", T0, T0.plusSeconds(200));
    BlocklistEntry expired = new BlocklistEntry("192.0.2.3", "c", T0, T0.minusSeconds(1));
    store.write(
        List.of(
            new StoreWrite.Blocklisting(first, true),
            new StoreWrite.Blocklisting(second, true),
            new StoreWrite.Blocklisting(expired, true)));

    assertThat(store.blocklist(T0)).containsExactly(second, first);
  }

  @Test
  void removeFromBlocklistReportsWhetherListed() {
    BlocklistEntry entry = new BlocklistEntry("192.0.2.1", "a", T0, T0.plusSeconds(100));
    store.write(List.of(new StoreWrite.Blocklisting(entry, true)));

    assertThat(store.removeFromBlocklist("192.0.2.1")).isTrue();
    assertThat(store.removeFromBlocklist("192.0.2.1")).isFalse();
    assertThat(store.blocklistEntry("192.0.2.1", T0)).isEmpty();
  }

  @Test
  void historyCombinesAddressHeloAndBlocklist() {
    BlocklistEntry entry = new BlocklistEntry("192.0.2.1", "trap", T0, T0.plusSeconds(100));
    store.write(
        List.of(
            new StoreWrite.AddressSeen("192.0.2.1", T0, T0.plusSeconds(5), 3),
            new StoreWrite.AddressSeen("192.0.2.1", T0.minusSeconds(5), T0, 2),
            helo("192.0.2.1", "a.example.test", T0),
            new StoreWrite.Blocklisting(entry, true)));

    AddressHistory history = store.history("192.0.2.1", T0);

    assertThat(history.connections()).isEqualTo(5);
    assertThat(history.firstSeen()).contains(T0.minusSeconds(5));
    assertThat(history.lastSeen()).contains(T0.plusSeconds(5));
    assertThat(history.heloNames()).extracting(HeloName::name).containsExactly("a.example.test");
    assertThat(history.blocklist()).contains(entry);
  }

  @Test
  void historyOfUnknownAddressEmpty() {
    AddressHistory history = store.history("198.51.100.7", T0);

    assertThat(history.connections()).isZero();
    assertThat(history.firstSeen()).isEmpty();
    assertThat(history.heloNames()).isEmpty();
    assertThat(history.blocklist()).isEmpty();
  }

  @Test
  void statisticsSummariseEachDay() {
    store.write(
        List.of(
            count(StatisticsMetrics.CONNECTIONS, "", 3),
            count(StatisticsMetrics.ADDRESS, "192.0.2.1", 2),
            count(StatisticsMetrics.ADDRESS, "192.0.2.2", 1),
            count(StatisticsMetrics.HELO, "a.example.test", 2),
            count(StatisticsMetrics.HELO, "b.example.test", 1),
            count(StatisticsMetrics.VERDICT, "ACCEPT", 2),
            count(StatisticsMetrics.VERDICT, "REJECT", 1),
            count(StatisticsMetrics.SYMBOL, "HELO_BARE_IP", 2),
            count(StatisticsMetrics.SYMBOL, "RDNS_NONE", 5),
            count(StatisticsMetrics.SYMBOL, "SPAM_TRAP", 1),
            count(StatisticsMetrics.RECIPIENT_DOMAIN, "spamfree.test", 4),
            count("country", "DE", 2)));
    store.write(List.of(count(StatisticsMetrics.CONNECTIONS, "", 1)));

    List<DailyStatistics> days = store.statistics(DAY, DAY.plusDays(1), 2);

    assertThat(days).hasSize(2);
    DailyStatistics day = days.get(0);
    assertThat(day.day()).isEqualTo(DAY);
    assertThat(day.connections()).isEqualTo(4);
    assertThat(day.distinctAddresses()).isEqualTo(2);
    assertThat(day.maxConnectionsPerAddress()).isEqualTo(2);
    assertThat(day.distinctHeloNames()).isEqualTo(2);
    assertThat(day.verdicts()).isEqualTo(Map.of("ACCEPT", 2L, "REJECT", 1L));
    assertThat(day.topSymbols())
        .containsExactly(Map.entry("RDNS_NONE", 5L), Map.entry("HELO_BARE_IP", 2L));
    assertThat(day.recipientsByDomain()).isEqualTo(Map.of("spamfree.test", 4L));
    assertThat(day.other()).isEqualTo(Map.of("country", Map.of("DE", 2L)));
    assertThat(days.get(1).connections()).isZero();
    assertThat(days.get(1).distinctAddresses()).isZero();
  }

  private static StoreWrite.Count count(String metric, String dimension, long amount) {
    return new StoreWrite.Count(DAY, metric, dimension, amount);
  }

  @Test
  void purgeDeletesOnlyExpiredRows() {
    Instant cutoff = T0.minus(Duration.ofDays(30));
    store.write(
        List.of(
            helo("192.0.2.1", "old.example.test", cutoff.minusSeconds(1)),
            helo("192.0.2.1", "new.example.test", cutoff),
            new StoreWrite.AddressSeen("192.0.2.1", cutoff, cutoff, 1),
            new StoreWrite.AddressSeen(
                "192.0.2.2", cutoff.minusSeconds(9), cutoff.minusSeconds(1), 1),
            new StoreWrite.Blocklisting(new BlocklistEntry("192.0.2.3", "a", T0, T0), true),
            new StoreWrite.Blocklisting(
                new BlocklistEntry("192.0.2.4", "b", T0, T0.plusSeconds(1)), true),
            new StoreWrite.Count(DAY.minusDays(31), StatisticsMetrics.CONNECTIONS, "", 1),
            new StoreWrite.Count(DAY.minusDays(30), StatisticsMetrics.CONNECTIONS, "", 1)));

    PurgeResult result = store.purge(cutoff, T0, DAY.minusDays(30));

    assertThat(result).isEqualTo(new PurgeResult(1, 1, 1, 1));
    assertThat(store.heloNames("192.0.2.1", Instant.EPOCH))
        .extracting(HeloName::name)
        .containsExactly("new.example.test");
    assertThat(store.blocklist(T0))
        .extracting(BlocklistEntry::address)
        .containsExactly("192.0.2.4");
    assertThat(store.statistics(DAY.minusDays(31), DAY.minusDays(30), 5))
        .extracting(DailyStatistics::connections)
        .containsExactly(0L, 1L);
  }

  @Test
  void concurrentWritersAddUp() throws Exception {
    // Two stores on one database stand for two nodes writing the same rows at once.
    try (JdbcReputationStore other = open()) {
      ExecutorService executor = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (ReputationStore node : List.of(store, other)) {
          futures.add(
              executor.submit(
                  () -> {
                    for (int i = 0; i < 20; i++) {
                      node.write(
                          List.of(
                              helo("192.0.2.1", "a.example.test", T0),
                              new StoreWrite.AddressSeen("192.0.2.1", T0, T0, 1),
                              count(StatisticsMetrics.CONNECTIONS, "", 1),
                              count(StatisticsMetrics.ADDRESS, "192.0.2.1", 1)));
                    }
                  }));
        }
        for (Future<?> future : futures) {
          future.get();
        }
      } finally {
        executor.shutdownNow();
      }
    }

    assertThat(store.heloNames("192.0.2.1", Instant.EPOCH).get(0).count()).isEqualTo(40);
    assertThat(store.history("192.0.2.1", T0).connections()).isEqualTo(40);
    assertThat(store.statistics(DAY, DAY, 5).get(0).connections()).isEqualTo(40);
  }

  @Test
  void reopenKeepsState() {
    store.write(List.of(helo("192.0.2.1", "a.example.test", T0)));
    store.close();

    store = open();

    assertThat(store.heloNames("192.0.2.1", Instant.EPOCH)).hasSize(1);
    assertThat(store.blocklistEntry("192.0.2.1", T0)).isEqualTo(Optional.empty());
  }
}
