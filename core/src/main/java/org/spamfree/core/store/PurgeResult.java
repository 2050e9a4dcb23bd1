package org.spamfree.core.store;

/** Rows deleted by one retention purge, per table. */
public record PurgeResult(int heloNames, int addresses, int blocklistEntries, int statisticsRows) {

  public int total() {
    return heloNames + addresses + blocklistEntries + statisticsRows;
  }
}
