package org.spamfree.core.verdict;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One piece of evidence found by a check: a stable upper-case name such as {@code HELO_BARE_IP} and
 * a short reason for people reading logs and headers. The score is not part of the symbol: it comes
 * from the {@link ScoreTable}, so administrators can tune it without code changes.
 */
public record Symbol(String name, String reason) {

  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

  public Symbol {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(reason, "reason must not be null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Invalid symbol name '" + name + "': expected upper-case letters, digits and '_'");
    }
  }
}
