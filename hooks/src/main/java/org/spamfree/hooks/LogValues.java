package org.spamfree.hooks;

/**
 * Makes client-supplied values safe for the key=value decision log lines. A quoted local part may
 * hold spaces and '=' (RFC 5321 §4.1.2), which would otherwise let a sender add fields such as a
 * second {@code decision=} to the line.
 */
final class LogValues {

  private LogValues() {}

  /** Replaces spaces, control characters and non-ASCII characters with '?'. */
  static String safe(String value) {
    StringBuilder safe = new StringBuilder(value.length());
    for (int index = 0; index < value.length(); index++) {
      char character = value.charAt(index);
      safe.append(character > 0x20 && character < 0x7f ? character : '?');
    }
    return safe.toString();
  }
}
