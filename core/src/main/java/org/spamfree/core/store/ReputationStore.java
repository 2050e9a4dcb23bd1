package org.spamfree.core.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The shared state of the checks and the statistics: HELO names per remote address, connection
 * counts, the local blocklist and daily counters. Several Spamfree nodes may share one store, so
 * every write adds to what is there instead of replacing it. Every method may block on the database
 * and throws {@link StoreException} when it fails; the SMTP hooks use it only through {@link
 * ReputationService}, which queues writes and bounds reads with a timeout.
 */
public interface ReputationStore extends AutoCloseable {

  /** Applies the writes in one transaction. */
  void write(List<StoreWrite> writes);

  /** Returns the HELO names that an address presented since the instant, most recent first. */
  List<HeloName> heloNames(String address, Instant since);

  /** Returns the address's blocklist entry when it is active at {@code now}. */
  Optional<BlocklistEntry> blocklistEntry(String address, Instant now);

  /** Returns the entries active at {@code now}, the latest expiry first. */
  List<BlocklistEntry> blocklist(Instant now);

  /** Deletes an address's blocklist entry and returns whether there was one. */
  boolean removeFromBlocklist(String address);

  /** Returns what the store keeps about an address. */
  AddressHistory history(String address, Instant now);

  /** Returns the statistics of each day from {@code from} to {@code to}, both included. */
  List<DailyStatistics> statistics(LocalDate from, LocalDate to, int topSymbols);

  /**
   * Deletes HELO names and addresses not seen since {@code seenBefore}, blocklist entries expired
   * before {@code now} and statistics of days before {@code statisticsBefore}.
   */
  PurgeResult purge(Instant seenBefore, Instant now, LocalDate statisticsBefore);

  /** Returns the name of the database product, for logs. */
  String backend();

  @Override
  void close();
}
