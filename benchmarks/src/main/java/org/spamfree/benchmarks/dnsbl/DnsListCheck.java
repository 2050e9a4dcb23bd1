package org.spamfree.benchmarks.dnsbl;

import java.net.InetAddress;
import java.util.List;

/** One implementation of the DNS list check of a client address, as the benchmark measures it. */
interface DnsListCheck extends AutoCloseable {

  /** Returns the name of the implementation for the report, such as {@code spamfree}. */
  String name();

  /**
   * Checks {@code address} against the configured zones and waits for the outcome.
   *
   * @param expectListed whether every zone lists the address
   * @return whether the outcome is the expected one: for a listed address, a listing with the TXT
   *     reason, and for an unlisted address, no listing and no failure
   * @throws Exception when the check fails to complete
   */
  boolean check(InetAddress address, boolean expectListed) throws Exception;

  /**
   * Completes the outcome check of the last {@link #check} after the clock has stopped, for work
   * the implementation leaves running in the background (Spamfree's TXT queries for reasons).
   *
   * @return whether that work gave the expected outcome
   */
  default boolean confirm() throws Exception {
    return true;
  }

  /**
   * Returns the zones that list {@code address}, for the sanity line of the report. James's handler
   * stops at the first listing, so its implementation checks each zone with a handler of its own.
   */
  List<String> zonesListing(InetAddress address) throws Exception;

  /**
   * Empties the caches of the implementation, so the next check sends its queries. The harness
   * calls it before it starts the clock.
   */
  default void clearCaches() {}

  @Override
  default void close() {}
}
