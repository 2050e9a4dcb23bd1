package org.spamfree.core.verdict;

/**
 * Names of the James mail attributes that carry Spamfree's results from the SMTP hooks to the
 * matchers and mailets. They are plain strings here so the engine stays free of the mailet API.
 */
public final class MailAttributes {

  /** {@code Double}: the verdict's total score. */
  public static final String SCORE = "org.spamfree.score";

  /** {@code Collection<String>}: names of the symbols found, in the order they were found. */
  public static final String SYMBOLS = "org.spamfree.symbols";

  /** {@code Map<String, String>}: the {@link Action} name for each recipient address. */
  public static final String ACTIONS = "org.spamfree.actions";

  /** {@code Map<String, Double>}: the required score of each recipient's policy. */
  public static final String REQUIRED = "org.spamfree.required";

  /** {@code Boolean}: true when the client was allowed to relay and no check ran. */
  public static final String RELAYED = "org.spamfree.relayed";

  private MailAttributes() {}
}
