package org.spamfree.core.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * An address on the local blocklist until {@code expiresAt}.
 *
 * @param address the remote address in its canonical text form
 * @param reason why it is listed, such as the trap recipient that it wrote to
 * @param createdAt when the entry was first created
 * @param expiresAt when the entry stops applying; the purge deletes it afterwards
 */
public record BlocklistEntry(String address, String reason, Instant createdAt, Instant expiresAt) {

  /** Longest reason kept, so that a reason always fits its column. */
  public static final int MAX_REASON_LENGTH = 255;

  public BlocklistEntry {
    Objects.requireNonNull(address, "address must not be null");
    Objects.requireNonNull(reason, "reason must not be null");
    Objects.requireNonNull(createdAt, "createdAt must not be null");
    Objects.requireNonNull(expiresAt, "expiresAt must not be null");
    // The store keeps milliseconds; truncating here makes a cached entry equal the stored one.
    createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
    expiresAt = expiresAt.truncatedTo(ChronoUnit.MILLIS);
    if (reason.length() > MAX_REASON_LENGTH) {
      reason = reason.substring(0, MAX_REASON_LENGTH);
    }
  }

  public boolean activeAt(Instant now) {
    return expiresAt.isAfter(now);
  }
}
