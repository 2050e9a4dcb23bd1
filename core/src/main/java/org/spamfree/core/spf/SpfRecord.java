package org.spamfree.core.spf;

import java.util.List;
import java.util.Optional;

/**
 * A parsed SPF record (RFC 7208 §4.6): its directives in order and the two modifiers that change
 * evaluation. Unknown modifiers are checked for syntax and then dropped, as §6 requires.
 *
 * @param mechanisms the directives, evaluated from left to right
 * @param redirect the unexpanded domain-spec of {@code redirect=}
 * @param explanation the unexpanded domain-spec of {@code exp=}
 */
public record SpfRecord(
    List<Mechanism> mechanisms, Optional<String> redirect, Optional<String> explanation) {

  public SpfRecord {
    mechanisms = List.copyOf(mechanisms);
  }

  /**
   * Returns whether the record has an {@code all} mechanism, which makes any {@code redirect=}
   * ignored (RFC 7208 §6.1).
   */
  public boolean hasAll() {
    return mechanisms.stream().anyMatch(mechanism -> mechanism.kind() == Mechanism.Kind.ALL);
  }
}
