package org.spamfree.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spamfree.core.config.SettingsParser;

/** The queued writes, cached reads and failure handling of {@link ReputationService} on H2. */
class ReputationServiceTest {

  @TempDir Path directory;
  private ReputationService service;

  static StoreSettings settings(Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>();
    values.put("protected.domains", "spamfree.test");
    values.put("store.timeout", "300");
    values.put("store.flush.interval", "50");
    values.put("store.retry.interval", "200");
    values.putAll(overrides);
    return SettingsParser.parse("test", values, Map.of()).store();
  }

  private JdbcReputationStore openH2() {
    TestDatabase database = TestDatabase.h2(directory);
    return JdbcReputationStore.open(database.url, "", "", 2, Duration.ofSeconds(5));
  }

  private ReputationService start(
      StoreSettings settings, java.util.function.Supplier<ReputationStore> opener) {
    service = new ReputationService(settings, opener, Clock.systemUTC()).start();
    return service;
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void queuedWritesReachStore() throws Exception {
    start(settings(Map.of()), this::openH2);
    for (int i = 0; i < 100; i++) {
      service.recordConnection("192.0.2.1");
    }
    service.recordHelo("192.0.2.1", "a.example.test");

    assertThat(service.flush(Duration.ofSeconds(10))).isTrue();

    ReputationStore store = service.store().orElseThrow();
    assertThat(store.history("192.0.2.1", Instant.now()).connections()).isEqualTo(100);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    DailyStatistics day = store.statistics(today, today, 5).get(0);
    assertThat(day.connections()).isEqualTo(100);
    assertThat(day.distinctAddresses()).isEqualTo(1);
    assertThat(day.distinctHeloNames()).isEqualTo(1);
  }

  @Test
  void heloNamesIncludeThoseRecordedAfterRead() throws Exception {
    start(settings(Map.of()), this::openH2);
    service.recordHelo("192.0.2.1", "a.example.test");
    assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(service.heloNames("192.0.2.1").get().value()).contains(Set.of("a.example.test"));

    service.recordHelo("192.0.2.1", "b.example.test");

    assertThat(service.heloNames("192.0.2.1").get().value())
        .contains(Set.of("a.example.test", "b.example.test"));
  }

  @Test
  void unwrittenHeloNamesCounted() throws Exception {
    start(settings(Map.of("store.flush.interval", "600000")), this::openH2);
    awaitOpen();
    service.recordHelo("192.0.2.1", "a.example.test");
    assertThat(service.heloNames("192.0.2.1").get().value()).contains(Set.of("a.example.test"));

    service.recordHelo("192.0.2.1", "b.example.test");

    assertThat(service.heloNames("192.0.2.1").get().value())
        .contains(Set.of("a.example.test", "b.example.test"));
  }

  @Test
  void blocklistingVisibleAtOnceOnThisNode() throws Exception {
    start(settings(Map.of()), this::openH2);
    awaitOpen();
    Instant now = Instant.now();
    BlocklistEntry entry = new BlocklistEntry("192.0.2.9", "trap", now, now.plusSeconds(60));
    assertThat(service.blocklistEntry("192.0.2.9").get().value()).contains(Optional.empty());

    service.addToBlocklist(entry, true);

    assertThat(service.blocklistEntry("192.0.2.9").get().value()).contains(Optional.of(entry));
    assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(service.store().orElseThrow().blocklistEntry("192.0.2.9", now)).contains(entry);
  }

  @Test
  void firstOpenAwaited() throws Exception {
    start(settings(Map.of()), this::openH2);

    assertThat(service.awaitFirstOpen(Duration.ofSeconds(10))).isTrue();
    assertThat(service.heloNames("192.0.2.1").get().value()).contains(Set.of());
  }

  @Test
  void failedFirstOpenEndsWait() throws Exception {
    start(
        settings(Map.of()),
        () -> {
          throw new StoreException("connection refused", null);
        });

    assertThat(service.awaitFirstOpen(Duration.ofSeconds(10))).isFalse();
    assertThat(service.lastFailure()).contains("connection refused");
  }

  @Test
  void unreachableDatabaseGivesFailureAtOnce() throws Exception {
    start(
        settings(Map.of()),
        () -> {
          throw new StoreException("connection refused", null);
        });

    long started = System.nanoTime();
    StoreResult<Set<String>> result = service.heloNames("192.0.2.1").get();

    assertThat(result.failure()).isPresent();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void slowDatabaseReadTimesOut() throws Exception {
    AtomicBoolean slow = new AtomicBoolean(true);
    start(settings(Map.of()), () -> new SlowStore(openH2(), slow));

    awaitOpen();
    StoreResult<Set<String>> first = service.heloNames("192.0.2.1").get();
    StoreResult<Optional<BlocklistEntry>> second = service.blocklistEntry("192.0.2.1").get();

    assertThat(first.failure())
        .hasValueSatisfying(reason -> assertThat(reason).contains("timed out"));
    assertThat(second.failure()).isPresent();
  }

  @Test
  void recoversWhenDatabaseReturns() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    start(
        settings(Map.of()),
        () -> {
          if (attempts.incrementAndGet() < 3) {
            throw new StoreException("connection refused", null);
          }
          return openH2();
        });
    service.recordConnection("192.0.2.1");

    assertThat(service.flush(Duration.ofSeconds(10))).isTrue();

    assertThat(attempts.get()).isEqualTo(3);
    assertThat(service.heloNames("192.0.2.1").get().value()).contains(Set.of());
    assertThat(service.store().orElseThrow().history("192.0.2.1", Instant.now()).connections())
        .isEqualTo(1);
  }

  @Test
  void failedWriteRetriedAfterOutage() throws Exception {
    AtomicBoolean failing = new AtomicBoolean(false);
    start(settings(Map.of()), () -> new FailingStore(openH2(), failing));
    awaitOpen();
    failing.set(true);
    service.recordConnection("192.0.2.1");
    Thread.sleep(300);

    failing.set(false);

    assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(service.store().orElseThrow().history("192.0.2.1", Instant.now()).connections())
        .isEqualTo(1);
  }

  @Test
  void fullQueueDropsAndCounts() {
    start(
        settings(Map.of("store.queue.size", "5")),
        () -> {
          throw new StoreException("connection refused", null);
        });

    for (int i = 0; i < 10; i++) {
      service.count(StatisticsMetrics.VERDICT, "ACCEPT");
    }

    assertThat(service.droppedWrites()).isEqualTo(5);
  }

  private void awaitOpen() throws InterruptedException {
    for (int i = 0; i < 200 && service.store().isEmpty(); i++) {
      Thread.sleep(25);
    }
    assertThat(service.store()).isPresent();
  }

  @Test
  void writesWithinFlushIntervalShareOneTransaction() throws Exception {
    List<List<StoreWrite>> transactions = new java.util.concurrent.CopyOnWriteArrayList<>();
    start(
        settings(Map.of("store.flush.interval", "2000")),
        () ->
            new DelegatingStore(openH2()) {
              @Override
              void before() {}

              @Override
              public void write(List<StoreWrite> writes) {
                transactions.add(List.copyOf(writes));
                super.write(writes);
              }
            });
    awaitOpen();
    for (int i = 0; i < 20; i++) {
      service.recordConnection("192.0.2.1");
      Thread.sleep(5);
    }

    assertThat(service.flush(Duration.ofSeconds(10))).isTrue();

    assertThat(transactions).hasSize(1);
    assertThat(transactions.get(0))
        .filteredOn(write -> write instanceof StoreWrite.AddressSeen)
        .singleElement()
        .satisfies(
            write -> assertThat(((StoreWrite.AddressSeen) write).connections()).isEqualTo(20));
  }

  /** A store whose reads take 2 s while {@code slow} is set. */
  private static final class SlowStore extends DelegatingStore {
    private final AtomicBoolean slow;

    SlowStore(ReputationStore delegate, AtomicBoolean slow) {
      super(delegate);
      this.slow = slow;
    }

    @Override
    void before() {
      if (slow.get()) {
        try {
          Thread.sleep(2000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** A store whose every operation fails while {@code failing} is set. */
  private static final class FailingStore extends DelegatingStore {
    private final AtomicBoolean failing;

    FailingStore(ReputationStore delegate, AtomicBoolean failing) {
      super(delegate);
      this.failing = failing;
    }

    @Override
    void before() {
      if (failing.get()) {
        throw new StoreException("connection lost", null);
      }
    }
  }

  private abstract static class DelegatingStore implements ReputationStore {
    private final ReputationStore delegate;

    DelegatingStore(ReputationStore delegate) {
      this.delegate = delegate;
    }

    abstract void before();

    @Override
    public void write(List<StoreWrite> writes) {
      before();
      delegate.write(writes);
    }

    @Override
    public List<HeloName> heloNames(String address, Instant since) {
      before();
      return delegate.heloNames(address, since);
    }

    @Override
    public Optional<BlocklistEntry> blocklistEntry(String address, Instant now) {
      before();
      return delegate.blocklistEntry(address, now);
    }

    @Override
    public List<BlocklistEntry> blocklist(Instant now) {
      return delegate.blocklist(now);
    }

    @Override
    public boolean removeFromBlocklist(String address) {
      return delegate.removeFromBlocklist(address);
    }

    @Override
    public AddressHistory history(String address, Instant now) {
      return delegate.history(address, now);
    }

    @Override
    public List<DailyStatistics> statistics(LocalDate from, LocalDate to, int topSymbols) {
      return delegate.statistics(from, to, topSymbols);
    }

    @Override
    public PurgeResult purge(Instant seenBefore, Instant now, LocalDate statisticsBefore) {
      before();
      return delegate.purge(seenBefore, now, statisticsBefore);
    }

    @Override
    public String backend() {
      return delegate.backend();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
