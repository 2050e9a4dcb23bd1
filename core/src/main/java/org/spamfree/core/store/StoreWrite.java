package org.spamfree.core.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One change to the store, queued by the SMTP hooks and written later in a batch. Sightings and
 * counts carry an amount, so the writer can add up many of them into one row change.
 */
public sealed interface StoreWrite {

  /** A remote address presented a HELO name {@code count} times between the two instants. */
  record HeloSeen(String address, String helo, Instant firstSeen, Instant lastSeen, long count)
      implements StoreWrite {
    public HeloSeen {
      Objects.requireNonNull(address, "address must not be null");
      Objects.requireNonNull(helo, "helo must not be null");
    }
  }

  /** A remote address opened {@code connections} connections between the two instants. */
  record AddressSeen(String address, Instant firstSeen, Instant lastSeen, long connections)
      implements StoreWrite {
    public AddressSeen {
      Objects.requireNonNull(address, "address must not be null");
    }
  }

  /**
   * Adds {@code amount} to a daily statistics counter. {@code metric} names what is counted (see
   * {@link StatisticsMetrics}), {@code dimension} the value it is counted by, such as an action or
   * a symbol; metrics without one use the empty string.
   */
  record Count(LocalDate day, String metric, String dimension, long amount) implements StoreWrite {
    public Count {
      Objects.requireNonNull(day, "day must not be null");
      Objects.requireNonNull(metric, "metric must not be null");
      Objects.requireNonNull(dimension, "dimension must not be null");
    }
  }

  /**
   * Puts an address on the local blocklist. With {@code extendOnly} an existing entry keeps the
   * later of the two expiries, as a second trap hit must never shorten a listing; without it the
   * entry is replaced, as an administrator's edit is.
   */
  record Blocklisting(BlocklistEntry entry, boolean extendOnly) implements StoreWrite {
    public Blocklisting {
      Objects.requireNonNull(entry, "entry must not be null");
    }
  }
}
