package org.spamfree.core.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes collected for one transaction, with repeated sightings and counts of the same row added up
 * into one change, so a burst of connections costs one row update per address.
 */
final class WriteBatch {

  private final Map<List<Object>, StoreWrite> merged = new LinkedHashMap<>();
  private int added;

  void add(StoreWrite write) {
    added++;
    merged.merge(key(write), write, WriteBatch::combine);
  }

  /** Returns the number of writes added, before merging. */
  int added() {
    return added;
  }

  boolean isEmpty() {
    return merged.isEmpty();
  }

  List<StoreWrite> writes() {
    return new ArrayList<>(merged.values());
  }

  private static List<Object> key(StoreWrite write) {
    if (write instanceof StoreWrite.HeloSeen helo) {
      return List.of("helo", helo.address(), helo.helo());
    }
    if (write instanceof StoreWrite.AddressSeen address) {
      return List.of("address", address.address());
    }
    if (write instanceof StoreWrite.Count count) {
      return List.of("count", count.day(), count.metric(), count.dimension());
    }
    StoreWrite.Blocklisting blocklisting = (StoreWrite.Blocklisting) write;
    return List.of("blocklist", blocklisting.entry().address());
  }

  private static StoreWrite combine(StoreWrite first, StoreWrite second) {
    if (first instanceof StoreWrite.HeloSeen a && second instanceof StoreWrite.HeloSeen b) {
      return new StoreWrite.HeloSeen(
          a.address(),
          a.helo(),
          min(a.firstSeen(), b.firstSeen()),
          max(a.lastSeen(), b.lastSeen()),
          a.count() + b.count());
    }
    if (first instanceof StoreWrite.AddressSeen a && second instanceof StoreWrite.AddressSeen b) {
      return new StoreWrite.AddressSeen(
          a.address(),
          min(a.firstSeen(), b.firstSeen()),
          max(a.lastSeen(), b.lastSeen()),
          a.connections() + b.connections());
    }
    if (first instanceof StoreWrite.Count a && second instanceof StoreWrite.Count b) {
      return new StoreWrite.Count(a.day(), a.metric(), a.dimension(), a.amount() + b.amount());
    }
    // Two listings of one address: the result of applying both in order, as the database would.
    StoreWrite.Blocklisting a = (StoreWrite.Blocklisting) first;
    StoreWrite.Blocklisting b = (StoreWrite.Blocklisting) second;
    if (!b.extendOnly()) {
      return b;
    }
    BlocklistEntry combined =
        new BlocklistEntry(
            b.entry().address(),
            b.entry().reason(),
            min(a.entry().createdAt(), b.entry().createdAt()),
            max(a.entry().expiresAt(), b.entry().expiresAt()));
    return new StoreWrite.Blocklisting(combined, a.extendOnly());
  }

  private static java.time.Instant min(java.time.Instant a, java.time.Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static java.time.Instant max(java.time.Instant a, java.time.Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
