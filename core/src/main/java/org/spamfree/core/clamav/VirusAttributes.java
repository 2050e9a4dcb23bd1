package org.spamfree.core.clamav;

/**
 * Names of the James mail attributes that carry the virus scan's result to matchers and mailets.
 * Plain strings, so the engine stays free of the mailet API.
 */
public final class VirusAttributes {

  /** {@code String}: a {@link VirusStatus} name. */
  public static final String STATUS = "org.spamfree.virus.status";

  /**
   * {@code String}: the signature name clamd reported; only set for {@link VirusStatus#INFECTED}.
   */
  public static final String SIGNATURE = "org.spamfree.virus.signature";

  /**
   * {@code String}: the {@code X-Virus-Scanned} value, such as {@code ClamAV at mx.example.test}.
   */
  public static final String SCANNED_BY = "org.spamfree.virus.scanned.by";

  private VirusAttributes() {}
}
