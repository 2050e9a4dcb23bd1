package org.spamfree.core.config;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.spamfree.core.dnsbl.DnsblZone;

/**
 * Reads the DNS list keys of {@code spamfree.properties}:
 *
 * <pre>
 * dnsbl.lists = zen, dbl
 * dnsbl.zen.zone = zen.example.test
 * dnsbl.zen.type = ip                  # ip (default) or domain
 * dnsbl.zen.family = both              # ipv4, ipv6 or both (default): clients queried, self-test
 * dnsbl.zen.allowlist = false          # true for trust lists, scored negative
 * dnsbl.zen.codes = 127.0.0.2=RBL_ZEN_SBL, 127.0.0.4-127.0.0.7=RBL_ZEN_XBL
 * dnsbl.zen.other = RBL_ZEN_OTHER      # symbol for other 127/8 codes; default: ignore them
 * dnsbl.zen.failure = RBL_ZEN_FAIL     # default DNSBL_ID_FAIL, scored 0
 * score.RBL_ZEN_SBL = 6.0              # every code symbol needs a score
 * dnsbl.deadline = 5000                # milliseconds the verdict waits for the answers
 * allowlist.networks = 192.0.2.0/24    # clients scored LOCAL_ALLOWLIST
 * </pre>
 */
final class DnsListParser {

  static final long DEFAULT_DEADLINE_MILLIS = 5000;
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final Pattern SYMBOL = Pattern.compile("[A-Z][A-Z0-9_]*");

  /**
   * The parsed lists.
   *
   * @param defaultScores the failure symbols, scored 0 unless overridden
   * @param codeSymbols the symbols named in {@code codes} and {@code other}, which need a score
   */
  record Result(
      List<DnsblZone> zones,
      Duration deadline,
      List<CidrRange> allowlistNetworks,
      Map<String, Double> defaultScores,
      Map<String, String> codeSymbols,
      java.util.Set<String> allowlistSymbols,
      String source) {

    /**
     * Fails when a code symbol has no {@code score.SYMBOL} key, or when an allowlist's symbol
     * scores above 0, which would make trusted senders look worse.
     */
    void requireScores(Map<String, Double> scores) {
      for (String symbol : allowlistSymbols) {
        Double score = scores.get(symbol);
        if (score != null && score > 0) {
          throw SpamfreeConfigurationException.invalidValue(
              source,
              "score." + symbol,
              Double.toString(score),
              "a score of 0 or less, since " + symbol + " belongs to an allowlist");
        }
      }
      for (Map.Entry<String, String> symbol : codeSymbols.entrySet()) {
        if (!scores.containsKey(symbol.getKey())) {
          throw new SpamfreeConfigurationException(
              "Missing score in "
                  + source
                  + ": symbol "
                  + symbol.getKey()
                  + " of "
                  + symbol.getValue()
                  + " has no score. Add a line such as 'score."
                  + symbol.getKey()
                  + " = 5.0' (negative for an allowlist).");
        }
      }
    }
  }

  private final SettingsParser parser;

  DnsListParser(SettingsParser parser) {
    this.parser = parser;
  }

  Result parse() {
    List<DnsblZone> zones = new ArrayList<>();
    Map<String, Double> defaultScores = new TreeMap<>();
    Map<String, String> codeSymbols = new LinkedHashMap<>();
    java.util.Set<String> allowlistSymbols = new java.util.TreeSet<>();
    for (String id : parser.list("dnsbl.lists", "")) {
      if (!ID.matcher(id).matches()) {
        throw SpamfreeConfigurationException.invalidValue(
            parser.source, "dnsbl.lists", id, "list ids of a-z, 0-9, '_' and '-'");
      }
      if (zones.stream().anyMatch(existing -> existing.id().equals(id))) {
        throw SpamfreeConfigurationException.invalidValue(
            parser.source, "dnsbl.lists", id, "each list id once");
      }
      DnsblZone zone = zone(id);
      if (zone.codes().containsValue(zone.failureSymbol())
          || zone.otherCodes().filter(zone.failureSymbol()::equals).isPresent()) {
        throw SpamfreeConfigurationException.invalidValue(
            parser.source,
            "dnsbl." + id + ".failure",
            zone.failureSymbol(),
            "a symbol other than the list's listing symbols, so a failed lookup never scores as a"
                + " listing");
      }
      zones.add(zone);
      if (zone.allowlist()) {
        allowlistSymbols.addAll(zone.codes().values());
        zone.otherCodes().ifPresent(allowlistSymbols::add);
      }
      defaultScores.putIfAbsent(zone.failureSymbol(), 0.0);
      zone.codes().values().forEach(symbol -> codeSymbols.put(symbol, "dnsbl." + id + ".codes"));
      zone.otherCodes().ifPresent(symbol -> codeSymbols.put(symbol, "dnsbl." + id + ".other"));
    }

    long deadline =
        parser.wholeNumber("dnsbl.deadline", DEFAULT_DEADLINE_MILLIS, 1, 60_000, "milliseconds");
    List<CidrRange> networks = new ArrayList<>();
    for (String network : parser.list("allowlist.networks", "")) {
      try {
        networks.add(CidrRange.parse(network));
      } catch (IllegalArgumentException e) {
        throw new SpamfreeConfigurationException(
            "Invalid configuration in "
                + parser.source
                + ": key 'allowlist.networks': "
                + e.getMessage()
                + ".");
      }
    }
    return new Result(
        zones,
        Duration.ofMillis(deadline),
        networks,
        defaultScores,
        codeSymbols,
        allowlistSymbols,
        parser.source);
  }

  private DnsblZone zone(String id) {
    String prefix = "dnsbl." + id + ".";
    String zoneName =
        parser
            .value(prefix + "zone")
            .orElseThrow(
                () ->
                    SpamfreeConfigurationException.invalidValue(
                        parser.source,
                        prefix + "zone",
                        "",
                        "the DNS zone of list '" + id + "', such as zen.example.test"));
    String type = parser.value(prefix + "type").orElse("ip");
    DnsblZone.Kind kind =
        switch (type.toLowerCase(Locale.ROOT)) {
          case "ip" -> DnsblZone.Kind.IP;
          case "domain" -> DnsblZone.Kind.DOMAIN;
          default -> throw SpamfreeConfigurationException.invalidValue(
              parser.source, prefix + "type", type, "'ip' or 'domain'");
        };
    boolean allowlist = parser.bool(prefix + "allowlist", false);

    String familyValue = parser.value(prefix + "family").orElse("both");
    DnsblZone.Family family =
        switch (familyValue.toLowerCase(Locale.ROOT)) {
          case "ipv4" -> DnsblZone.Family.IPV4;
          case "ipv6" -> DnsblZone.Family.IPV6;
          case "both" -> DnsblZone.Family.BOTH;
          default -> throw SpamfreeConfigurationException.invalidValue(
              parser.source, prefix + "family", familyValue, "'ipv4', 'ipv6' or 'both'");
        };

    Map<InetAddress, String> codes = codes(prefix + "codes");
    Optional<String> other =
        parser.value(prefix + "other").map(symbol -> symbol(prefix + "other", symbol));
    if (codes.isEmpty() && other.isEmpty()) {
      throw new SpamfreeConfigurationException(
          "Invalid configuration in "
              + parser.source
              + ": list '"
              + id
              + "' has neither "
              + prefix
              + "codes nor "
              + prefix
              + "other, so it could never list anything. Add for example '"
              + prefix
              + "other = "
              + "DNSBL_"
              + id.toUpperCase(Locale.ROOT).replace('-', '_')
              + "'.");
    }
    String failure =
        parser
            .value(prefix + "failure")
            .map(symbol -> symbol(prefix + "failure", symbol))
            .orElse("DNSBL_" + id.toUpperCase(Locale.ROOT).replace('-', '_') + "_FAIL");
    try {
      return new DnsblZone(id, zoneName, kind, allowlist, codes, other, failure, family);
    } catch (IllegalArgumentException e) {
      throw SpamfreeConfigurationException.invalidValue(
          parser.source, prefix + "zone", zoneName, "a domain name such as zen.example.test");
    }
  }

  /** Parses {@code CODE=SYMBOL} and {@code FIRST-LAST=SYMBOL} entries. */
  private Map<InetAddress, String> codes(String key) {
    Map<InetAddress, String> codes = new HashMap<>();
    for (String entry : parser.list(key, "")) {
      int equals = entry.indexOf('=');
      String expected = "entries such as 127.0.0.2=RBL_ZEN_SBL or 127.0.0.4-127.0.0.7=RBL_ZEN_XBL";
      if (equals < 0) {
        throw SpamfreeConfigurationException.invalidValue(parser.source, key, entry, expected);
      }
      String range = entry.substring(0, equals).trim();
      String symbol = symbol(key, entry.substring(equals + 1).trim());
      int dash = range.indexOf('-');
      int first = code(key, dash < 0 ? range : range.substring(0, dash), expected);
      int last = dash < 0 ? first : code(key, range.substring(dash + 1), expected);
      if (last < first || last - first > 255) {
        throw SpamfreeConfigurationException.invalidValue(
            parser.source, key, entry, "a range from a lower to a higher code, at most 256 codes");
      }
      for (int value = first; value <= last; value++) {
        codes.put(InetAddresses.fromInteger(value), symbol);
      }
    }
    return codes;
  }

  private int code(String key, String text, String expected) {
    String trimmed = text.trim();
    if (InetAddresses.isInetAddress(trimmed)) {
      InetAddress address = InetAddresses.forString(trimmed);
      if (address instanceof Inet4Address && address.getAddress()[0] == 127) {
        return InetAddresses.coerceToInteger(address);
      }
    }
    throw SpamfreeConfigurationException.invalidValue(
        parser.source, key, trimmed, "return codes in 127.0.0.0/8: " + expected);
  }

  private String symbol(String key, String symbol) {
    if (!SYMBOL.matcher(symbol).matches()) {
      throw SpamfreeConfigurationException.invalidValue(
          parser.source, key, symbol, "a symbol name of upper-case letters, digits and '_'");
    }
    return symbol;
  }
}
