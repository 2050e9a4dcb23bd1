package org.spamfree.core.geo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Settings of the geo lookup, read from the {@code geo.*} keys and the {@code domain.NAME.geo.*}
 * keys of {@code spamfree.properties}.
 *
 * @param countryDatabase MaxMind DB file that maps networks to countries; empty turns geo tagging
 *     off. A relative path is resolved against James's working directory.
 * @param asnDatabase MaxMind DB file in the GeoLite2-ASN format; empty means no ASN lookup
 * @param reloadInterval how often the files' modification time and size are compared with the
 *     loaded ones; zero turns reloading off
 * @param lookupSpecialRanges whether private, loopback, link-local, documentation and other
 *     special-purpose addresses are looked up too, for a database that maps internal networks
 * @param countryScores score of the {@code GEO_XX} symbol of each scored country, by ISO code
 * @param domainRules allowed or rejected client countries by protected domain name
 */
public record GeoSettings(
    Optional<Path> countryDatabase,
    Optional<Path> asnDatabase,
    Duration reloadInterval,
    boolean lookupSpecialRanges,
    Map<String, Double> countryScores,
    Map<String, CountryRule> domainRules) {

  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(60);

  public GeoSettings {
    countryScores = Map.copyOf(countryScores);
    domainRules = Map.copyOf(domainRules);
  }

  /** Returns settings with geo tagging off, as when no {@code geo.database} key is set. */
  public static GeoSettings disabled() {
    return new GeoSettings(
        Optional.empty(), Optional.empty(), DEFAULT_RELOAD_INTERVAL, false, Map.of(), Map.of());
  }

  public boolean enabled() {
    return countryDatabase.isPresent();
  }

  /** Returns the country rule of a protected domain, ignoring case and a final dot. */
  public Optional<CountryRule> ruleFor(String domain) {
    String normalised = domain.toLowerCase(Locale.ROOT);
    if (normalised.endsWith(".")) {
      normalised = normalised.substring(0, normalised.length() - 1);
    }
    return Optional.ofNullable(domainRules.get(normalised));
  }

  /** Describes the settings on one line for the start-up log. */
  public String describe() {
    if (!enabled()) {
      return "off";
    }
    return "database="
        + countryDatabase.get()
        + " asnDatabase="
        + asnDatabase.map(Path::toString).orElse("none")
        + " reloadInterval="
        + reloadInterval.toSeconds()
        + "s lookupSpecialRanges="
        + lookupSpecialRanges
        + " countryScores="
        + new TreeMap<>(countryScores)
        + " domainRules="
        + new TreeMap<>(domainRules);
  }

  /**
   * The client countries a protected domain accepts mail from. With an allowed list only those
   * countries are accepted; otherwise every country but the rejected ones. A client whose country
   * is unknown (special-purpose address, not in the database) is always accepted, because a missing
   * database entry is no evidence against the sender.
   *
   * @param allowed ISO codes of the only countries accepted; empty means all
   * @param rejected ISO codes of the countries rejected
   */
  public record CountryRule(Set<String> allowed, Set<String> rejected) {

    public CountryRule {
      allowed = Set.copyOf(allowed);
      rejected = Set.copyOf(rejected);
    }

    public boolean accepts(String country) {
      if (!allowed.isEmpty()) {
        return allowed.contains(country);
      }
      return !rejected.contains(country);
    }

    @Override
    public String toString() {
      return allowed.isEmpty()
          ? "reject=" + new java.util.TreeSet<>(rejected)
          : "allow=" + new java.util.TreeSet<>(allowed);
    }
  }
}
