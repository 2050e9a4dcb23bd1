package org.spamfree.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the store keeps about one remote address.
 *
 * @param connections connections counted since {@code firstSeen}, over every node
 * @param heloNames the HELO names it presented, most recent first
 * @param blocklist its local blocklist entry, when one is active
 */
public record AddressHistory(
    String address,
    long connections,
    Optional<Instant> firstSeen,
    Optional<Instant> lastSeen,
    List<HeloName> heloNames,
    Optional<BlocklistEntry> blocklist) {

  public AddressHistory {
    heloNames = List.copyOf(heloNames);
  }
}
