package org.spamfree.core.store;

/** Symbols of the checks that the shared store feeds. */
public final class StoreSymbols {

  /**
   * The client's address presented at least 3 distinct HELO names within {@code
   * helo.history.window}, the current one included. Mail servers keep one name; bots that rotate
   * names get the higher tiers below.
   */
  public static final String IP_HELO_NAMES_3 = "IP_HELO_NAMES_3";

  /** At least 5 distinct HELO names within the window. */
  public static final String IP_HELO_NAMES_5 = "IP_HELO_NAMES_5";

  /** At least 10 distinct HELO names within the window. */
  public static final String IP_HELO_NAMES_10 = "IP_HELO_NAMES_10";

  /** The HELO history could not be read from the store in time; scored 0. */
  public static final String IP_HELO_NAMES_FAIL = "IP_HELO_NAMES_FAIL";

  /**
   * The HELO name and the envelope sender's domain belong to different registrable domains. Weak:
   * hosted and outsourced mail often differs legitimately.
   */
  public static final String SENDER_HELO_MISMATCH = "SENDER_HELO_MISMATCH";

  /**
   * The client's address opened more than {@code burst.connections} within {@code burst.window}.
   */
  public static final String CONNECTION_BURST = "CONNECTION_BURST";

  /** A recipient of the transaction is a spam trap. */
  public static final String SPAM_TRAP = "SPAM_TRAP";

  /** The client's address is on the local blocklist, fed by spam trap hits. */
  public static final String LOCAL_BLOCKLIST = "LOCAL_BLOCKLIST";

  /** The local blocklist could not be read from the store in time; scored 0. */
  public static final String LOCAL_BLOCKLIST_FAIL = "LOCAL_BLOCKLIST_FAIL";

  private StoreSymbols() {}
}
