package org.spamfree.benchmarks;

import java.util.List;

/**
 * SMTP reply (RFC 5321 section 4.2), possibly of several lines.
 *
 * @param code three-digit reply code, the same on every line
 * @param lines text after the code and separator of each line, in order
 */
record SmtpReply(int code, List<String> lines) {

  SmtpReply {
    lines = List.copyOf(lines);
  }

  /** Returns whether the code is 2xx. */
  boolean isPositiveCompletion() {
    return code / 100 == 2;
  }

  /** Returns whether the code is 3xx, as 354 after DATA is. */
  boolean isPositiveIntermediate() {
    return code / 100 == 3;
  }

  /**
   * Returns whether the reply is 421, with which the server announces that it closes the
   * connection.
   */
  boolean isServiceClosing() {
    return code == 421;
  }

  @Override
  public String toString() {
    return code + " " + String.join(" / ", lines);
  }
}
