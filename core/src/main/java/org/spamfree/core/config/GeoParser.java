package org.spamfree.core.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.spamfree.core.geo.CountryCodes;
import org.spamfree.core.geo.GeoSettings;
import org.spamfree.core.geo.GeoSymbols;

/**
 * Reads the geo keys of {@code spamfree.properties}:
 *
 * <pre>
 * geo.database = conf/geo/iptoasn-country.mmdb  # country database; no key turns geo tagging off
 * geo.asn.database = conf/geo/GeoLite2-ASN.mmdb # optional; default none
 * geo.reload.interval = 60                      # seconds between file checks; 0 turns reload off
 * geo.special.lookup = false                    # also look up private, loopback and other
 *                                               # special-purpose addresses
 * geo.country.CN.score = 3.0                    # symbol GEO_CN with this score; default none
 * domain.example.test.geo.allow = DE, AT        # accept mail for the domain only from these
 * domain.example.test.geo.reject = CN, RU       # reject mail for the domain from these
 * </pre>
 *
 * Relative database paths are resolved against James's working directory. Every other key under
 * {@code geo.} is rejected as unknown, and the domain keys need geo tagging on.
 */
final class GeoParser {

  static final long DEFAULT_RELOAD_SECONDS = GeoSettings.DEFAULT_RELOAD_INTERVAL.toSeconds();
  private static final String COUNTRY_PREFIX = "geo.country.";
  private static final String SCORE_SUFFIX = ".score";

  private final SettingsParser parser;
  private final Collection<String> protectedDomains;

  GeoParser(SettingsParser parser, Collection<String> protectedDomains) {
    this.parser = parser;
    this.protectedDomains = protectedDomains;
  }

  GeoSettings parse() {
    Optional<Path> database = path("geo.database");
    Optional<Path> asnDatabase = path("geo.asn.database");
    Duration reloadInterval =
        Duration.ofSeconds(
            parser.wholeNumber(
                "geo.reload.interval", DEFAULT_RELOAD_SECONDS, 0, 86_400, "seconds"));
    boolean lookupSpecialRanges = parser.bool("geo.special.lookup", false);
    Map<String, Double> scores = countryScores();
    Map<String, GeoSettings.CountryRule> rules = domainRules();

    if (database.isEmpty()) {
      requireDatabase(asnDatabase.isPresent(), "geo.asn.database");
      requireDatabase(!scores.isEmpty(), COUNTRY_PREFIX + "XX" + SCORE_SUFFIX);
      requireDatabase(!rules.isEmpty(), "domain.NAME.geo.allow or .reject");
    }
    return new GeoSettings(
        database, asnDatabase, reloadInterval, lookupSpecialRanges, scores, rules);
  }

  /** Returns the default score of each {@code GEO_XX} symbol, for the score table. */
  static Map<String, Double> symbolScores(GeoSettings settings) {
    Map<String, Double> symbols = new TreeMap<>();
    settings
        .countryScores()
        .forEach((code, score) -> symbols.put(GeoSymbols.countrySymbol(code), score));
    return symbols;
  }

  private Optional<Path> path(String key) {
    Optional<String> raw = parser.value(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(raw.get()));
    } catch (InvalidPathException e) {
      throw SpamfreeConfigurationException.invalidValue(
          parser.source, key, raw.get(), "a file path such as conf/geo/iptoasn-country.mmdb");
    }
  }

  private Map<String, Double> countryScores() {
    Map<String, Double> scores = new TreeMap<>();
    for (String key : parser.values.keySet()) {
      if (!key.startsWith(COUNTRY_PREFIX)) {
        continue;
      }
      String middle = key.substring(COUNTRY_PREFIX.length());
      if (!middle.endsWith(SCORE_SUFFIX)) {
        // Left unused, so the unknown-key check names it.
        continue;
      }
      parser.used.add(key);
      String code = middle.substring(0, middle.length() - SCORE_SUFFIX.length());
      String value = parser.values.get(key);
      requireCountry(key, code, value);
      scores.put(code, parser.number(key, value, "a number such as 2.5 or -1.0"));
    }
    return scores;
  }

  private Map<String, GeoSettings.CountryRule> domainRules() {
    Map<String, GeoSettings.CountryRule> rules = new TreeMap<>();
    for (String domain : protectedDomains) {
      String allowKey = "domain." + domain + ".geo.allow";
      String rejectKey = "domain." + domain + ".geo.reject";
      Set<String> allowed = countries(allowKey);
      Set<String> rejected = countries(rejectKey);
      if (!allowed.isEmpty() && !rejected.isEmpty()) {
        throw SpamfreeConfigurationException.invalidValue(
            parser.source,
            rejectKey,
            parser.values.get(rejectKey),
            "either "
                + allowKey
                + " or "
                + rejectKey
                + ", not both: with an allowed list every other country is rejected already");
      }
      if (!allowed.isEmpty() || !rejected.isEmpty()) {
        rules.put(domain, new GeoSettings.CountryRule(allowed, rejected));
      }
    }
    return rules;
  }

  private Set<String> countries(String key) {
    Set<String> codes = new TreeSet<>();
    for (String entry : parser.list(key, "")) {
      String code = CountryCodes.normalise(entry);
      requireCountry(key, code, entry);
      codes.add(code);
    }
    return codes;
  }

  /** Rejects a code that is not ISO 3166-1 alpha-2 in upper case (or a region code of the data). */
  private void requireCountry(String key, String code, String value) {
    if (!CountryCodes.isKnown(code)) {
      throw SpamfreeConfigurationException.invalidValue(
          parser.source,
          key,
          value,
          "ISO 3166-1 alpha-2 country codes in upper case, such as DE or CN ('"
              + code
              + "' is not one)");
    }
  }

  private void requireDatabase(boolean present, String key) {
    if (present) {
      throw new SpamfreeConfigurationException(
          "Invalid configuration in "
              + parser.source
              + ": "
              + key
              + " is set but geo.database is not, so no country would ever be known. Set"
              + " geo.database = conf/geo/iptoasn-country.mmdb (the bundled database) or another"
              + " country database.");
    }
  }
}
