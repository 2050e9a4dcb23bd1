package org.spamfree.core.store;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.net.InternetDomainName;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.spamfree.core.verdict.Symbol;

/**
 * Compares the registrable domains (the public suffix plus one label, such as {@code
 * example.co.uk}) of the HELO name and of the envelope sender's domain, using the public suffix
 * list that Guava ships. A difference is weak evidence: many senders use a provider's servers.
 */
public final class HeloSenderCheck {

  /**
   * Registrable domains of recent names. Parsing against the public suffix list costs more than the
   * rest of the check, and the same HELO names and sender domains come back all day. The bound
   * keeps names that clients make up from growing it.
   */
  private static final Cache<String, Optional<String>> REGISTRABLE =
      CacheBuilder.newBuilder().maximumSize(10_000).build();

  private HeloSenderCheck() {}

  /**
   * Returns {@link StoreSymbols#SENDER_HELO_MISMATCH} when both names have a registrable domain and
   * they differ. A name under no known public suffix (such as {@code .test}) counts its last two
   * labels as its registrable domain.
   */
  public static List<Symbol> symbols(String heloName, String senderDomain) {
    Optional<String> helo = registrableDomain(heloName);
    Optional<String> sender = registrableDomain(senderDomain);
    if (helo.isEmpty() || sender.isEmpty() || helo.get().equals(sender.get())) {
      return List.of();
    }
    return List.of(
        new Symbol(
            StoreSymbols.SENDER_HELO_MISMATCH,
            "HELO domain " + helo.get() + " differs from sender domain " + sender.get()));
  }

  /** Returns the registrable domain of a name, or empty for an invalid or single-label name. */
  public static Optional<String> registrableDomain(String name) {
    Optional<String> known = REGISTRABLE.getIfPresent(name);
    if (known == null) {
      known = parseRegistrableDomain(name);
      REGISTRABLE.put(name, known);
    }
    return known;
  }

  private static Optional<String> parseRegistrableDomain(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".")) {
      lower = lower.substring(0, lower.length() - 1);
    }
    if (!InternetDomainName.isValid(lower)) {
      return Optional.empty();
    }
    InternetDomainName domain = InternetDomainName.from(lower);
    if (domain.isUnderPublicSuffix()) {
      return Optional.of(domain.topPrivateDomain().toString());
    }
    if (domain.isPublicSuffix() || domain.parts().size() < 2) {
      return Optional.empty();
    }
    List<String> parts = domain.parts();
    return Optional.of(parts.get(parts.size() - 2) + "." + parts.get(parts.size() - 1));
  }
}
