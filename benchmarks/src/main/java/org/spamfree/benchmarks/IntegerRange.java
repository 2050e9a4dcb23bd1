package org.spamfree.benchmarks;

/** Inclusive range of accepted values for one integer option. */
record IntegerRange(long min, long max) {

  /** Returns the accepted form as the error messages and the usage text show it. */
  String describe() {
    return "an integer from " + min + " to " + max;
  }

  /** Returns {@code value} as an int, or throws the error for {@code option} if it is outside. */
  int require(String option, long value) {
    if (value < min || value > max) {
      throw InvalidOptionException.invalidValue(option, Long.toString(value), describe());
    }
    return (int) value;
  }

  /** Parses {@code text} as a decimal integer in this range. */
  int parse(String option, String text) {
    long value;
    try {
      value = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw InvalidOptionException.invalidValue(option, text, describe());
    }
    if (value < min || value > max) {
      throw InvalidOptionException.invalidValue(option, text, describe());
    }
    return (int) value;
  }
}
