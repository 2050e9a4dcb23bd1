package org.spamfree.core.config;

/**
 * An invalid Spamfree setting. The message names the source, the key, the value and the accepted
 * form, so the administrator can fix it from the start-up error alone.
 */
public class SpamfreeConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SpamfreeConfigurationException(String message) {
    super(message);
  }

  public static SpamfreeConfigurationException invalidValue(
      String source, String key, String value, String expected) {
    return new SpamfreeConfigurationException(
        "Invalid configuration in "
            + source
            + ": key '"
            + key
            + "' has value '"
            + value
            + "'. Expected "
            + expected
            + ".");
  }
}
