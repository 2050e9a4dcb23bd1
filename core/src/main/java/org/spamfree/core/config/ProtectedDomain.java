package org.spamfree.core.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.spamfree.core.verdict.Policy;

/**
 * A domain this server is the MX for, with the policy for its recipients and, where known, the list
 * of its valid local parts.
 *
 * @param name lower-case domain name without a trailing dot
 * @param policy thresholds for this domain's recipients
 * @param knownLocalParts lower-case local parts that exist; empty when any local part is accepted
 */
public record ProtectedDomain(String name, Policy policy, Optional<Set<String>> knownLocalParts) {

  public ProtectedDomain {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(policy, "policy must not be null");
    knownLocalParts = knownLocalParts.map(Set::copyOf);
  }

  /** Returns whether the local part is a valid recipient; comparison ignores case. */
  public boolean acceptsLocalPart(String localPart) {
    return knownLocalParts
        .map(parts -> parts.contains(localPart.toLowerCase(Locale.ROOT)))
        .orElse(true);
  }
}
