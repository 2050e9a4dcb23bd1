package org.spamfree.core.store;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.spamfree.core.verdict.Symbol;

/**
 * Counts each address's connections in a sliding window and reports a burst above the limit.
 *
 * <p>NOTE: the count is per node and in memory, because a burst must be seen at CONNECT without a
 * database round trip; a client that spreads its connections over several nodes is counted on each
 * separately.
 */
public final class BurstCounter {

  /** Most addresses tracked at once; the least recently seen are forgotten first. */
  static final int MAX_ADDRESSES = 100_000;

  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Cache<String, Deque<Long>> connections;

  public BurstCounter(int limit, Duration window, Clock clock) {
    this.limit = limit;
    this.window = window;
    this.clock = clock;
    this.connections =
        CacheBuilder.newBuilder().maximumSize(MAX_ADDRESSES).expireAfterAccess(window).build();
  }

  /**
   * Counts a connection and returns the {@link StoreSymbols#CONNECTION_BURST} symbol when the
   * address opened more than the limit within the window, this connection included.
   */
  public Optional<Symbol> connect(String address) {
    if (limit == 0) {
      return Optional.empty();
    }
    long now = clock.millis();
    Deque<Long> times = connections.asMap().computeIfAbsent(address, key -> new ArrayDeque<>());
    int count;
    synchronized (times) {
      while (!times.isEmpty() && times.peekFirst() <= now - window.toMillis()) {
        times.pollFirst();
      }
      // Only limit + 1 times are needed to tell a burst, so memory per address stays bounded.
      if (times.size() > limit) {
        times.pollFirst();
      }
      times.addLast(now);
      count = times.size();
    }
    if (count <= limit) {
      return Optional.empty();
    }
    return Optional.of(
        new Symbol(
            StoreSymbols.CONNECTION_BURST,
            "more than " + limit + " connections in " + window.toSeconds() + " s"));
  }
}
