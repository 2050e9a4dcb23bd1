package org.spamfree.core.store;

/**
 * Names of the daily statistics counters. Each counter is a row per day, metric and dimension,
 * incremented in the database, so nodes that share one store add up. A new dimension, such as the
 * client's country, needs only a new metric name and no schema change.
 */
public final class StatisticsMetrics {

  /** Connections from clients that the checks judge; no dimension. */
  public static final String CONNECTIONS = "connections";

  /** Connections by remote address: the number of rows is the number of distinct addresses. */
  public static final String ADDRESS = "address";

  /** HELO and EHLO commands by name: the number of rows is the number of distinct names. */
  public static final String HELO = "helo";

  /** Decided messages and refused connections by action, such as ACCEPT or REJECT. */
  public static final String VERDICT = "verdict";

  /** Symbols of decided messages by symbol name. */
  public static final String SYMBOL = "symbol";

  /** Recipients of decided messages by protected domain. */
  public static final String RECIPIENT_DOMAIN = "recipient_domain";

  /**
   * Connections by the client's country (ISO 3166-1 alpha-2), or by the reason it has none, such as
   * {@code special:private} or {@code not-found}.
   */
  public static final String COUNTRY = "country";

  /** Trap recipients by trap address. */
  public static final String TRAP = "trap";

  /** Longest dimension value kept; longer values are cut to fit the column. */
  public static final int MAX_DIMENSION_LENGTH = 255;

  private StatisticsMetrics() {}
}
