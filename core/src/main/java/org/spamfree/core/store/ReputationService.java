package org.spamfree.core.store;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store as the SMTP hooks use it: nothing here blocks an SMTP thread for longer than {@code
 * store.timeout}.
 *
 * <ul>
 *   <li>Writes go into a bounded queue. A writer thread adds them up into batches of at most {@code
 *       store.batch.size} and writes each batch in one transaction, at least every {@code
 *       store.flush.interval}. A full queue drops the write; drops are counted and logged as WARN
 *       at most once per {@link #DROP_WARNING_PERIOD}.
 *   <li>Reads run on a small pool and are cached per address for {@code store.cache.ttl}. A read
 *       that fails or takes longer than {@code store.timeout} returns {@link
 *       StoreResult#unavailable}; then, for {@code store.retry.interval}, reads fail at once
 *       without waiting, and the next one probes the database again.
 *   <li>The store is opened (and its schema migrated) on the writer thread, retried every {@code
 *       store.retry.interval} until it succeeds, so a database that is down at start delays nothing
 *       but the checks that need it.
 *   <li>Expired rows are purged every {@code store.purge.interval}.
 * </ul>
 *
 * <p>A failure is logged as WARN when the store becomes unavailable and as INFO when it recovers,
 * with one WARN per {@link #DROP_WARNING_PERIOD} while it stays down.
 */
public final class ReputationService implements AutoCloseable {

  /** Shortest time between two WARN lines about dropped writes or an unavailable store. */
  public static final Duration DROP_WARNING_PERIOD = Duration.ofMinutes(1);

  private static final Logger LOGGER = LoggerFactory.getLogger(ReputationService.class);
  private static final int MAX_CACHED_ADDRESSES = 100_000;
  private static final int READ_QUEUE_SIZE = 1000;

  /** Addresses whose HELO names this node remembers itself, the least recently seen forgotten. */
  private static final int MAX_LOCAL_HELO_ADDRESSES = 20_000;

  /** Names kept per address locally: enough to reach the highest HELO history tier. */
  static final int MAX_LOCAL_HELO_NAMES = 10;

  private final StoreSettings settings;
  private final Supplier<ReputationStore> opener;
  private final Clock clock;
  private final BlockingQueue<StoreWrite> queue;
  private final Cache<String, Set<String>> heloNames;
  private final Cache<String, Set<String>> localHeloNames;
  private final Cache<String, Optional<BlocklistEntry>> blocklist;
  private final ExecutorService reads;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong enqueued = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong droppedReported = new AtomicLong();
  private final AtomicLong lastDropWarning = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong lastFailureWarning = new AtomicLong(Long.MIN_VALUE);
  private final AtomicBoolean available = new AtomicBoolean(true);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch firstOpenAttempt = new CountDownLatch(1);
  private volatile ReputationStore store;
  private volatile long unavailableUntil;
  private volatile String lastFailure = "store not opened yet";
  private volatile boolean running = true;
  private Thread writer;
  private long lastPurge;

  /**
   * @param opener opens the store and migrates its schema, throwing {@link StoreException} when the
   *     database cannot be reached
   */
  public ReputationService(StoreSettings settings, Supplier<ReputationStore> opener, Clock clock) {
    this.settings = settings;
    this.opener = opener;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(settings.queueSize());
    this.heloNames =
        CacheBuilder.newBuilder()
            .maximumSize(MAX_CACHED_ADDRESSES)
            .expireAfterWrite(settings.cacheTtl())
            .build();
    this.localHeloNames =
        CacheBuilder.newBuilder()
            .maximumSize(MAX_LOCAL_HELO_ADDRESSES)
            .expireAfterWrite(settings.heloHistoryWindow())
            .build();
    this.blocklist =
        CacheBuilder.newBuilder()
            .maximumSize(MAX_CACHED_ADDRESSES)
            .expireAfterWrite(settings.cacheTtl())
            .build();
    int threads = Math.max(1, Math.min(4, settings.poolSize()));
    this.reads =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(READ_QUEUE_SIZE),
            runnable -> daemon(runnable, "spamfree-store-read"),
            new ThreadPoolExecutor.AbortPolicy());
  }

  /** Starts the writer thread, which opens the store first. */
  public synchronized ReputationService start() {
    if (writer == null) {
      writer = daemon(this::runWriter, "spamfree-store-writer");
      writer.start();
    }
    return this;
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  // ---- Writes

  /** Counts a connection of a judged client: its address and the daily statistics. */
  public void recordConnection(String address) {
    Instant now = clock.instant();
    enqueue(new StoreWrite.AddressSeen(address, now, now, 1));
    count(StatisticsMetrics.CONNECTIONS, "");
    count(StatisticsMetrics.ADDRESS, address);
  }

  /**
   * Records a HELO name of an address in the store, and in this node's own memory, so the next
   * connection counts it even before the write reaches the database.
   */
  public void recordHelo(String address, String helo) {
    Instant now = clock.instant();
    enqueue(new StoreWrite.HeloSeen(address, helo, now, now, 1));
    count(StatisticsMetrics.HELO, helo);
    localHeloNames
        .asMap()
        .merge(
            address,
            Set.of(helo),
            (names, added) -> {
              if (names.contains(helo) || names.size() >= MAX_LOCAL_HELO_NAMES) {
                return names;
              }
              Set<String> updated = new HashSet<>(names);
              updated.add(helo);
              return Set.copyOf(updated);
            });
  }

  /**
   * Puts an address on the blocklist, at once for this node and after the next flush for the
   * others. With {@code extendOnly} an existing listing keeps the later expiry.
   */
  public void addToBlocklist(BlocklistEntry entry, boolean extendOnly) {
    enqueue(new StoreWrite.Blocklisting(entry, extendOnly));
    blocklist
        .asMap()
        .merge(
            entry.address(),
            Optional.of(entry),
            (old, added) ->
                extendOnly
                        && old.isPresent()
                        && old.get().expiresAt().isAfter(added.get().expiresAt())
                    ? old
                    : added);
  }

  /** Forgets this node's cached blocklist state of an address, after an administrator's edit. */
  public void invalidateBlocklist(String address) {
    blocklist.invalidate(address);
  }

  /** Adds one to a daily statistics counter of today (UTC). */
  public void count(String metric, String dimension) {
    enqueue(new StoreWrite.Count(today(), metric, dimension, 1));
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private void enqueue(StoreWrite write) {
    if (queue.offer(write)) {
      enqueued.incrementAndGet();
      return;
    }
    long total = dropped.incrementAndGet();
    long now = clock.millis();
    long last = lastDropWarning.get();
    if (now - last >= DROP_WARNING_PERIOD.toMillis() && lastDropWarning.compareAndSet(last, now)) {
      long sinceLast = total - droppedReported.getAndSet(total);
      LOGGER.warn(
          "Store write queue full ({} writes waiting): dropped {} writes since the last warning,"
              + " {} in total; the database is slow or down ({})",
          settings.queueSize(),
          sinceLast,
          total,
          lastFailure);
    }
  }

  /** Returns the number of writes dropped because the queue was full. */
  public long droppedWrites() {
    return dropped.get();
  }

  // ---- Reads on the SMTP path

  /**
   * Returns the distinct HELO names of an address within {@code helo.history.window}: those in the
   * store, from every node, and those this node recorded itself, which may not be written yet.
   */
  public CompletableFuture<StoreResult<Set<String>>> heloNames(String address) {
    Set<String> cached = heloNames.getIfPresent(address);
    if (cached != null) {
      return CompletableFuture.completedFuture(
          StoreResult.available(withLocalNames(address, cached)));
    }
    Instant since = clock.instant().minus(settings.heloHistoryWindow());
    return read(
        "HELO names of " + address,
        current -> {
          Set<String> names = new HashSet<>();
          current.heloNames(address, since).forEach(name -> names.add(name.name()));
          Set<String> stored = Set.copyOf(names);
          heloNames.put(address, stored);
          return withLocalNames(address, stored);
        });
  }

  private Set<String> withLocalNames(String address, Set<String> stored) {
    Set<String> local = localHeloNames.getIfPresent(address);
    if (local == null || stored.containsAll(local)) {
      return stored;
    }
    Set<String> all = new HashSet<>(stored);
    all.addAll(local);
    return Set.copyOf(all);
  }

  /** Returns the active blocklist entry of an address. */
  public CompletableFuture<StoreResult<Optional<BlocklistEntry>>> blocklistEntry(String address) {
    Optional<BlocklistEntry> cached = blocklist.getIfPresent(address);
    Instant now = clock.instant();
    if (cached != null) {
      return CompletableFuture.completedFuture(
          StoreResult.available(cached.filter(entry -> entry.activeAt(now))));
    }
    return read(
        "blocklist entry of " + address,
        current -> {
          Optional<BlocklistEntry> entry = current.blocklistEntry(address, now);
          blocklist.put(address, entry);
          return entry;
        });
  }

  /** A read of the store. */
  @FunctionalInterface
  private interface Read<T> {
    T run(ReputationStore store);
  }

  private <T> CompletableFuture<StoreResult<T>> read(String what, Read<T> read) {
    ReputationStore current = store;
    if (current == null) {
      return CompletableFuture.completedFuture(StoreResult.unavailable(lastFailure));
    }
    if (clock.millis() < unavailableUntil) {
      return CompletableFuture.completedFuture(StoreResult.unavailable(lastFailure));
    }
    CompletableFuture<T> result;
    try {
      result = CompletableFuture.supplyAsync(() -> read.run(current), reads);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(
          StoreResult.unavailable("too many store reads waiting"));
    }
    return result
        .orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (value, error) -> {
              if (error == null) {
                markAvailable();
                return StoreResult.available(value);
              }
              Throwable cause = error.getCause() != null ? error.getCause() : error;
              String reason =
                  cause instanceof TimeoutException
                      ? "reading the "
                          + what
                          + " timed out after "
                          + settings.timeout().toMillis()
                          + " ms"
                      : "reading the " + what + " failed: " + cause.getMessage();
              markUnavailable(reason);
              return StoreResult.unavailable(reason);
            });
  }

  // ---- Direct access for administration

  /**
   * Returns the store for administrative reads and edits, which may block, or empty while it is not
   * open.
   */
  public Optional<ReputationStore> store() {
    return Optional.ofNullable(store);
  }

  /** Returns why the store is unavailable, for error messages. */
  public String lastFailure() {
    return lastFailure;
  }

  public Clock clock() {
    return clock;
  }

  // ---- Availability

  private void markAvailable() {
    if (!available.getAndSet(true)) {
      LOGGER.info("Store available again; the checks that need it resume");
    }
  }

  private void markUnavailable(String reason) {
    lastFailure = reason;
    long now = clock.millis();
    unavailableUntil = now + settings.retryInterval().toMillis();
    long last = lastFailureWarning.get();
    boolean wasAvailable = available.getAndSet(false);
    if ((wasAvailable || now - last >= DROP_WARNING_PERIOD.toMillis())
        && lastFailureWarning.compareAndSet(last, now)) {
      LOGGER.warn(
          "Store unavailable: {}. Checks that need it score their failure symbols (0) until it"
              + " recovers; retrying every {} ms",
          reason,
          settings.retryInterval().toMillis());
    } else {
      LOGGER.debug("Store still unavailable: {}", reason);
    }
  }

  // ---- Writer thread

  private void runWriter() {
    WriteBatch pending = null;
    try {
      while (running || !queue.isEmpty() || pending != null) {
        if (store == null && !openStore()) {
          if (!running) {
            break;
          }
          pause(settings.retryInterval());
          continue;
        }
        purgeWhenDue();
        if (pending == null) {
          pending = drain();
        }
        if (pending == null) {
          continue;
        }
        try {
          store.write(pending.writes());
          written.addAndGet(pending.added());
          pending = null;
          markAvailable();
        } catch (StoreException e) {
          markUnavailable("writing " + pending.added() + " changes failed: " + e.getMessage());
          if (!running) {
            LOGGER.warn("Store writes lost at shutdown: {} changes", pending.added());
            break;
          }
          pause(settings.retryInterval());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ReputationStore current = store;
      if (current != null) {
        current.close();
      }
      stopped.countDown();
    }
  }

  private boolean openStore() {
    try {
      store = opener.get();
      lastPurge = 0;
      markAvailable();
      return true;
    } catch (StoreException e) {
      markUnavailable("opening the store failed: " + e.getMessage());
      return false;
    } finally {
      firstOpenAttempt.countDown();
    }
  }

  /**
   * Waits until the first attempt to open the store has succeeded or failed, at most {@code
   * timeout}, so that a server does not judge its first connections before a reachable database is
   * open. Returns whether the store is open.
   */
  public boolean awaitFirstOpen(Duration timeout) throws InterruptedException {
    firstOpenAttempt.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return store != null;
  }

  /**
   * Waits for the first write up to the flush interval, then collects further writes until the
   * interval has passed since the first or the batch is full. Under load one transaction then
   * carries an interval's writes, with the counts of each row added up, instead of one transaction
   * per connection. At shutdown it takes only what is queued.
   */
  private WriteBatch drain() throws InterruptedException {
    long interval = settings.flushInterval().toNanos();
    StoreWrite first = running ? queue.poll(interval, TimeUnit.NANOSECONDS) : queue.poll();
    if (first == null) {
      return null;
    }
    long deadline = System.nanoTime() + interval;
    WriteBatch batch = new WriteBatch();
    batch.add(first);
    while (batch.added() < settings.batchSize()) {
      long left = deadline - System.nanoTime();
      StoreWrite next = running && left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
      if (next == null) {
        break;
      }
      batch.add(next);
    }
    return batch;
  }

  private void purgeWhenDue() {
    long now = clock.millis();
    if (now - lastPurge < settings.purgeInterval().toMillis()) {
      return;
    }
    lastPurge = now;
    Instant instant = clock.instant();
    try {
      PurgeResult result =
          store.purge(
              instant.minus(settings.retention()),
              instant,
              today().minusDays(settings.retention().toDays()));
      LOGGER.info(
          "Store purge deleted {} rows: heloNames={} addresses={} blocklist={} statistics={}",
          result.total(),
          result.heloNames(),
          result.addresses(),
          result.blocklistEntries(),
          result.statisticsRows());
    } catch (StoreException e) {
      markUnavailable("purging expired rows failed: " + e.getMessage());
    }
  }

  private void pause(Duration duration) throws InterruptedException {
    long until = System.nanoTime() + duration.toNanos();
    while (running && System.nanoTime() < until) {
      Thread.sleep(Math.min(50, duration.toMillis()));
    }
  }

  /**
   * Waits until every write queued so far is in the database, or the timeout passes, and returns
   * whether it is.
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    long target = enqueued.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (written.get() < target) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /** Writes what is queued (one attempt), then closes the store. */
  @Override
  public void close() {
    running = false;
    reads.shutdownNow();
    Thread current = writer;
    if (current == null) {
      ReputationStore open = store;
      if (open != null) {
        open.close();
      }
      return;
    }
    try {
      if (!stopped.await(10, TimeUnit.SECONDS)) {
        LOGGER.warn("Store writer did not finish within 10 s; {} writes not written", queue.size());
        current.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
