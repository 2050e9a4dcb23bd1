package org.spamfree.core.store;

import java.time.LocalDate;
import java.util.Map;

/**
 * The counters of one day (UTC), summed over every node of the store.
 *
 * @param connections connections from judged clients
 * @param distinctAddresses distinct remote addresses that connected
 * @param maxConnectionsPerAddress connections of the busiest address
 * @param distinctHeloNames distinct HELO names presented
 * @param verdicts decided messages and refused connections by action
 * @param topSymbols the most frequent symbols with their counts, most frequent first
 * @param recipientsByDomain recipients of decided messages by protected domain
 * @param other counters of further metrics (such as {@code trap}) by metric, then by dimension
 */
public record DailyStatistics(
    LocalDate day,
    long connections,
    long distinctAddresses,
    long maxConnectionsPerAddress,
    long distinctHeloNames,
    Map<String, Long> verdicts,
    Map<String, Long> topSymbols,
    Map<String, Long> recipientsByDomain,
    Map<String, Map<String, Long>> other) {

  /** Returns the mean number of connections per distinct address, 0 on a day without any. */
  public double connectionsPerAddress() {
    return distinctAddresses == 0 ? 0 : (double) connections / distinctAddresses;
  }
}
