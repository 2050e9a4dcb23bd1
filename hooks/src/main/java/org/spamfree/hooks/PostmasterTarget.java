package org.spamfree.hooks;

import java.util.Optional;
import org.spamfree.core.config.SpamfreeSettings;

/** Chooses the local user who receives a protected domain's postmaster mail. */
final class PostmasterTarget {

  private PostmasterTarget() {}

  /**
   * Returns a local user of the domain, else the first local user of any domain (the local users
   * are sorted), else empty when there is no local user at all.
   */
  static Optional<String> of(SpamfreeSettings settings, String domain) {
    Optional<String> sameDomain =
        settings.localUsers().keySet().stream()
            .sorted()
            .filter(address -> address.endsWith("@" + domain))
            .findFirst();
    return sameDomain.or(() -> settings.localUsers().keySet().stream().sorted().findFirst());
  }
}
