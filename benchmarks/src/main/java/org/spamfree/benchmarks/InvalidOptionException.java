package org.spamfree.benchmarks;

/**
 * Invalid load client setting. The message names the command-line option, the rejected value and
 * the accepted form, also when the setting came from Java code through {@link LoadOptions}.
 */
public final class InvalidOptionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String option;

  InvalidOptionException(String option, String message) {
    super(message);
    this.option = option;
  }

  /** Creates the error for a value that does not have the accepted form. */
  static InvalidOptionException invalidValue(String option, String value, String acceptedForm) {
    return new InvalidOptionException(
        option, "Invalid value '" + value + "' for " + option + ": expected " + acceptedForm + ".");
  }

  /** Creates the error for an option given last on the command line without its value. */
  static InvalidOptionException missingValue(String option, String acceptedForm) {
    return new InvalidOptionException(
        option, "Missing value for " + option + ": expected " + acceptedForm + ".");
  }

  /** Command-line option that the error is about, such as {@code --port}. */
  public String option() {
    return option;
  }
}
