package org.spamfree.core.clamav;

/**
 * Symbols of the virus scan. A virus found at SMTP time is rejected at once (554 5.7.1) whatever
 * the score, so {@code CLAM_VIRUS} matters for mail scanned after queueing and for logs.
 */
public final class ClamavSymbols {

  /** clamd found a signature in the message. */
  public static final String CLAM_VIRUS = "CLAM_VIRUS";

  /** No clamd server could scan the message and the configuration accepts it anyway; scored 0. */
  public static final String CLAM_UNSCANNED = "CLAM_UNSCANNED";

  /** The message is larger than {@code clamav.stream.max.length} and was accepted unscanned. */
  public static final String CLAM_OVERSIZED = "CLAM_OVERSIZED";

  private ClamavSymbols() {}
}
