package org.spamfree.core.config;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.spamfree.core.attachment.AttachmentSettings;
import org.spamfree.core.clamav.ClamavSettings;
import org.spamfree.core.geo.GeoSettings;
import org.spamfree.core.spf.SpfSettings;
import org.spamfree.core.store.StoreSettings;
import org.spamfree.core.verdict.DefaultScores;
import org.spamfree.core.verdict.Policy;
import org.spamfree.core.verdict.ScoreTable;

/**
 * Reads {@code spamfree.properties} into {@link SpamfreeSettings}. Every key is checked: an unknown
 * key, a bad value or a contradiction throws {@link SpamfreeConfigurationException} naming the key,
 * the value and the accepted form, so a typo stops start-up instead of being ignored.
 *
 * <p>Keys and defaults:
 *
 * <ul>
 *   <li>{@code server.names}: this server's host names (default {@value #DEFAULT_SERVER_NAME})
 *   <li>{@code server.addresses}: this server's public IP addresses (default none)
 *   <li>{@code protected.domains}: comma-separated domains this server receives mail for (required,
 *       at least one)
 *   <li>{@code domain.NAME.policy}: policy name for that domain (default {@code default})
 *   <li>{@code domain.NAME.recipients}: comma-separated valid local parts; unknown ones get 550
 *       5.1.1 (default: any local part, or the local users when mail is delivered locally)
 *   <li>{@code policy.NAME.tag|quarantine|tempfail|reject}: thresholds, a number or {@code off}; a
 *       policy other than {@code default} inherits the thresholds it does not set
 *   <li>{@code score.SYMBOL}: score of a symbol (defaults in {@link DefaultScores})
 *   <li>{@code next.hop}: {@code host:port} of the downstream SMTP server (default none: local
 *       mailboxes); the {@code spamfree.next.hop} override wins
 *   <li>{@code dns.servers}: comma-separated {@code ip[:port]} (default: system resolver); the
 *       {@code spamfree.dns.servers} override wins
 *   <li>{@code dns.timeout}: milliseconds to wait for each DNS server's answer (default {@value
 *       #DEFAULT_DNS_TIMEOUT_MILLIS})
 *   <li>{@code dns.cache.size}: maximum number of cached DNS results (default {@value
 *       #DEFAULT_DNS_CACHE_SIZE})
 *   <li>{@code dns.deadline}: milliseconds the verdict waits for the reverse-DNS and HELO lookups
 *       (default {@value #DEFAULT_DNS_DEADLINE_MILLIS})
 *   <li>{@code rdns.enabled}, {@code helo.dns.enabled}: the reverse-DNS check of the client and the
 *       DNS check of the HELO name (default true)
 *   <li>{@code local.user.ADDRESS}: password of a James user created at start for local delivery
 *   <li>{@code spf.*} and {@code domain.NAME.spf.*}: the SPF check, read by {@link
 *       SpfSettingsParser}
 *   <li>{@code geo.*} and {@code domain.NAME.geo.*}: the geo lookup, see {@link GeoParser}
 * </ul>
 */
public final class SettingsParser {

  public static final String DEFAULT_SERVER_NAME = "localhost.localdomain";
  public static final String DEFAULT_POLICY = "default";
  public static final double DEFAULT_TAG = 5.0;
  public static final double DEFAULT_QUARANTINE = 10.0;
  public static final double DEFAULT_REJECT = 15.0;
  public static final long DEFAULT_DNS_TIMEOUT_MILLIS = 2000;
  public static final int DEFAULT_DNS_CACHE_SIZE = 10_000;
  public static final long DEFAULT_DNS_DEADLINE_MILLIS = 5000;

  /** Override keys, set from the {@code SPAMFREE_*} environment variables by the server main. */
  public static final String OVERRIDE_NEXT_HOP = "spamfree.next.hop";

  public static final String OVERRIDE_DNS_SERVERS = "spamfree.dns.servers";

  private static final Pattern DOMAIN =
      Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
  private static final Pattern LOCAL_PART = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~.-]+");
  private static final Pattern POLICY_NAME = Pattern.compile("[a-z0-9_-]+");
  private static final List<String> THRESHOLDS = List.of("tag", "quarantine", "tempfail", "reject");

  final String source;
  final Map<String, String> values;
  final Set<String> used = new TreeSet<>();

  private SettingsParser(String source, Map<String, String> values) {
    this.source = source;
    this.values = values;
  }

  /**
   * Parses the properties, then applies the overrides (only {@link #OVERRIDE_NEXT_HOP} and {@link
   * #OVERRIDE_DNS_SERVERS} are read from it).
   */
  public static SpamfreeSettings parse(
      String source, Map<String, String> properties, Map<String, String> overrides) {
    Map<String, String> trimmed = new TreeMap<>();
    properties.forEach((key, value) -> trimmed.put(key.trim(), value.trim()));
    return new SettingsParser(source, trimmed).parse(overrides);
  }

  private SpamfreeSettings parse(Map<String, String> overrides) {
    Set<String> serverNames = new LinkedHashSet<>();
    for (String name : list("server.names", DEFAULT_SERVER_NAME)) {
      serverNames.add(domainName("server.names", name, true));
    }
    Set<InetAddress> serverAddresses = new LinkedHashSet<>();
    for (String address : list("server.addresses", "")) {
      serverAddresses.add(ipAddress("server.addresses", address));
    }

    Policy defaultPolicy = policy(DEFAULT_POLICY, null);
    Map<String, Policy> policies = new HashMap<>();
    policies.put(DEFAULT_POLICY, defaultPolicy);

    Map<String, String> localUsers = localUsers();
    List<String> domainNames = list("protected.domains", "");
    if (domainNames.isEmpty()) {
      List<String> similar =
          values.keySet().stream()
              .filter(key -> key.startsWith("protected") && !key.equals("protected.domains"))
              .sorted()
              .toList();
      throw SpamfreeConfigurationException.invalidValue(
          source,
          "protected.domains",
          values.getOrDefault("protected.domains", ""),
          "a comma-separated list of at least one domain, such as spamfree.test"
              + (similar.isEmpty()
                  ? ""
                  : "; the file has " + similar + " instead, a misspelling?"));
    }
    Map<String, ProtectedDomain> domains = new TreeMap<>();
    for (String rawName : domainNames) {
      String name = domainName("protected.domains", rawName, false);
      String policyName = value("domain." + name + ".policy").orElse(DEFAULT_POLICY);
      if (!POLICY_NAME.matcher(policyName).matches()) {
        throw SpamfreeConfigurationException.invalidValue(
            source,
            "domain." + name + ".policy",
            policyName,
            "a policy name of a-z, 0-9, '_', '-'");
      }
      if (!policyName.equals(DEFAULT_POLICY)
          && values.keySet().stream()
              .noneMatch(key -> key.startsWith("policy." + policyName + "."))) {
        throw SpamfreeConfigurationException.invalidValue(
            source,
            "domain." + name + ".policy",
            policyName,
            "'default' or a policy with at least one policy."
                + policyName
                + ".tag, .quarantine, .tempfail or .reject line; a misspelt policy name would"
                + " otherwise give the default thresholds unnoticed");
      }
      Policy policy = policies.computeIfAbsent(policyName, key -> policy(key, defaultPolicy));
      domains.put(name, new ProtectedDomain(name, policy, knownLocalParts(name)));
    }

    for (String address : localUsers.keySet()) {
      String domain = address.substring(address.indexOf('@') + 1);
      if (!domains.containsKey(domain)) {
        throw SpamfreeConfigurationException.invalidValue(
            source,
            "local.user." + address,
            "(password not shown)",
            "an address in one of the protected domains " + domains.keySet());
      }
    }

    DnsListParser.Result dnsLists = new DnsListParser(this).parse();
    SpfSettings spf = new SpfSettingsParser(this).parse(domains.keySet(), serverNames);
    Set<String> listSymbols = new TreeSet<>(dnsLists.defaultScores().keySet());
    listSymbols.addAll(dnsLists.codeSymbols().keySet());
    Map<String, Double> scoreOverrides = scoreOverrides(listSymbols);
    dnsLists.requireScores(scoreOverrides);
    GeoSettings geo = new GeoParser(this, domains.keySet()).parse();
    Map<String, Double> configuredScores = new TreeMap<>(dnsLists.defaultScores());
    configuredScores.putAll(GeoParser.symbolScores(geo));
    // The file's values are validated even when an override replaces them, so a typo there
    // does not wait for the day the override is removed.
    Optional<HostPort> fileNextHop = value("next.hop").map(raw -> hostPort("next.hop", raw, true));
    List<HostPort> fileDnsServers = hostPorts("dns.servers", list("dns.servers", ""));
    String nextHopOverride = blankToNull(overrides.get(OVERRIDE_NEXT_HOP));
    Optional<HostPort> nextHop =
        nextHopOverride == null
            ? fileNextHop
            : Optional.of(hostPort("SPAMFREE_NEXT_HOP", nextHopOverride, true));
    String dnsOverride = blankToNull(overrides.get(OVERRIDE_DNS_SERVERS));
    List<HostPort> dnsServers =
        dnsOverride == null
            ? fileDnsServers
            : hostPorts("SPAMFREE_DNS_SERVERS", splitList(dnsOverride));
    if (dnsOverride != null && dnsServers.isEmpty()) {
      // A list of only commas would otherwise fall back to the system resolver unnoticed.
      throw SpamfreeConfigurationException.invalidValue(
          source,
          "SPAMFREE_DNS_SERVERS",
          dnsOverride,
          "a comma-separated list of at least one IP address with an optional port, such as"
              + " 127.0.0.1:53; leave the variable unset for dns.servers or the system resolver");
    }

    Duration dnsTimeout =
        Duration.ofMillis(
            wholeNumber("dns.timeout", DEFAULT_DNS_TIMEOUT_MILLIS, 1, 60_000, "milliseconds"));
    int dnsCacheSize =
        (int) wholeNumber("dns.cache.size", DEFAULT_DNS_CACHE_SIZE, 0, 10_000_000, "entries");
    Duration dnsDeadline =
        Duration.ofMillis(
            wholeNumber("dns.deadline", DEFAULT_DNS_DEADLINE_MILLIS, 1, 60_000, "milliseconds"));
    boolean reverseDnsEnabled = bool("rdns.enabled", true);
    boolean heloDnsEnabled = bool("helo.dns.enabled", true);
    ClamavSettings clamav = new ClamavParser(this).parse();
    AttachmentSettings attachments = new AttachmentParser(this, policies.keySet()).parse();
    StoreSettings store = new StoreSettingsParser(this).parse();

    rejectUnknownKeys();
    return new SpamfreeSettings(
        source,
        serverNames,
        serverAddresses,
        domains,
        defaultPolicy,
        ScoreTable.withOverrides(configuredScores, scoreOverrides),
        nextHop,
        dnsServers,
        dnsTimeout,
        dnsCacheSize,
        dnsDeadline,
        reverseDnsEnabled,
        heloDnsEnabled,
        dnsLists.zones(),
        dnsLists.deadline(),
        dnsLists.allowlistNetworks(),
        localUsers,
        spf,
        geo,
        clamav,
        attachments,
        store);
  }

  private Policy policy(String name, Policy parent) {
    Map<String, OptionalDouble> thresholds = new HashMap<>();
    for (String threshold : THRESHOLDS) {
      String key = "policy." + name + "." + threshold;
      Optional<String> raw = value(key);
      if (raw.isPresent()) {
        thresholds.put(threshold, threshold(key, raw.get()));
      } else if (parent != null) {
        thresholds.put(threshold, inherited(parent, threshold));
      } else {
        thresholds.put(threshold, builtInDefault(threshold));
      }
    }
    Policy policy =
        new Policy(
            name,
            thresholds.get("tag"),
            thresholds.get("quarantine"),
            thresholds.get("tempfail"),
            thresholds.get("reject"));
    requireOrder(policy, "tag", policy.tag(), "quarantine", policy.quarantine());
    requireOrder(policy, "quarantine", policy.quarantine(), "reject", policy.reject());
    requireOrder(policy, "tag", policy.tag(), "reject", policy.reject());
    requireOrder(policy, "tempfail", policy.tempfail(), "reject", policy.reject());
    return policy;
  }

  private void requireOrder(
      Policy policy, String lowName, OptionalDouble low, String highName, OptionalDouble high) {
    if (low.isPresent() && high.isPresent() && low.getAsDouble() > high.getAsDouble()) {
      String key = "policy." + policy.name() + "." + lowName;
      throw SpamfreeConfigurationException.invalidValue(
          source,
          key,
          Double.toString(low.getAsDouble()),
          "a value not above policy."
              + policy.name()
              + "."
              + highName
              + " ("
              + high.getAsDouble()
              + "), or 'off'");
    }
  }

  private static OptionalDouble inherited(Policy parent, String threshold) {
    return switch (threshold) {
      case "tag" -> parent.tag();
      case "quarantine" -> parent.quarantine();
      case "tempfail" -> parent.tempfail();
      default -> parent.reject();
    };
  }

  private static OptionalDouble builtInDefault(String threshold) {
    return switch (threshold) {
      case "tag" -> OptionalDouble.of(DEFAULT_TAG);
      case "quarantine" -> OptionalDouble.of(DEFAULT_QUARANTINE);
      case "reject" -> OptionalDouble.of(DEFAULT_REJECT);
      default -> OptionalDouble.empty();
    };
  }

  private OptionalDouble threshold(String key, String raw) {
    if (raw.equalsIgnoreCase("off")) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(number(key, raw, "a number such as 10.0, or 'off'"));
  }

  double number(String key, String raw, String expected) {
    try {
      double parsed = Double.parseDouble(raw);
      if (Double.isFinite(parsed)) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Reported below with the key and the accepted form.
    }
    throw SpamfreeConfigurationException.invalidValue(source, key, raw, expected);
  }

  private Optional<Set<String>> knownLocalParts(String domain) {
    String key = "domain." + domain + ".recipients";
    Optional<String> raw = value(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    Set<String> parts = new TreeSet<>();
    for (String entry : splitList(raw.get())) {
      String lower = entry.toLowerCase(Locale.ROOT);
      if (lower.endsWith("@" + domain)) {
        lower = lower.substring(0, lower.length() - domain.length() - 1);
      }
      if (!LOCAL_PART.matcher(lower).matches()) {
        throw SpamfreeConfigurationException.invalidValue(
            source,
            key,
            entry,
            "comma-separated local parts such as 'alice, bob' or alice@" + domain);
      }
      parts.add(lower);
    }
    return Optional.of(parts);
  }

  private Map<String, String> localUsers() {
    Map<String, String> users = new TreeMap<>();
    for (String key : values.keySet()) {
      if (key.startsWith("local.user.")) {
        used.add(key);
        String address = key.substring("local.user.".length()).toLowerCase(Locale.ROOT);
        int at = address.indexOf('@');
        if (at <= 0
            || !LOCAL_PART.matcher(address.substring(0, at)).matches()
            || !DOMAIN.matcher(address.substring(at + 1)).matches()) {
          throw SpamfreeConfigurationException.invalidValue(
              source, key, "(password not shown)", "a key of the form local.user.NAME@DOMAIN");
        }
        if (values.get(key).isEmpty()) {
          throw SpamfreeConfigurationException.invalidValue(
              source, key, "", "a non-empty password");
        }
        users.put(address, values.get(key));
      }
    }
    return users;
  }

  private Map<String, Double> scoreOverrides(Set<String> configuredSymbols) {
    Set<String> known = new TreeSet<>(DefaultScores.ALL.keySet());
    known.addAll(configuredSymbols);
    Map<String, Double> scores = new TreeMap<>();
    for (String key : values.keySet()) {
      if (key.startsWith("score.")) {
        used.add(key);
        String symbol = key.substring("score.".length());
        if (!known.contains(symbol)) {
          throw SpamfreeConfigurationException.invalidValue(
              source,
              key,
              values.get(key),
              "a known symbol after 'score.'; known symbols are " + known);
        }
        scores.put(symbol, number(key, values.get(key), "a number such as 2.5 or -1.0"));
      }
    }
    return scores;
  }

  /**
   * Known keys in a compact form: {@code a.{b,c}} stands for {@code a.b} and {@code a.c}, and an
   * upper-case part such as NAME, ID or SYMBOL for a name of the administrator's choice.
   */
  private static final String KNOWN_KEYS =
      "server.names, server.addresses, protected.domains,"
          + " domain.NAME.policy, domain.NAME.recipients, policy.NAME.{tag,quarantine,tempfail,reject},"
          + " score.SYMBOL, next.hop, dns.servers, dns.timeout, dns.cache.size,"
          + " dns.deadline, rdns.enabled, helo.dns.enabled,"
          + " dnsbl.lists, dnsbl.ID.{zone,type,family,allowlist,codes,other,failure},"
          + " dnsbl.deadline, allowlist.networks, local.user.ADDRESS,"
          + " spf.{enabled,helo.enabled,deadline,void.lookups,authserv.id},"
          + " spf.{fail,temperror,permerror}, domain.NAME.spf.{fail,temperror,permerror},"
          + " geo.{database,asn.database,reload.interval,special.lookup},"
          + " geo.country.XX.score, domain.NAME.geo.{allow,reject},"
          + " clamav.{servers,connect.timeout,reply.timeout,reply.timeout.per.mib,"
          + "stream.max.length,on.failure,on.oversize,connections.per.server,idle.timeout,"
          + "retry.after}, attachment.{enabled,max.parts,max.depth,max.bytes,"
          + "max.archive.entries,banned.extensions,banned.types},"
          + " attachment.policy.NAME.{banned.extensions,banned.types},"
          + " store.{url,user,password,pool.size,timeout,cache.ttl,queue.size,batch.size,"
          + "flush.interval,retry.interval,retention.days,purge.interval},"
          + " helo.history.{enabled,window}, helo.sender.enabled,"
          + " burst.{connections,window,tempfail}, trap.{domains,addresses,listing.hours},"
          + " blocklist.action";

  private void rejectUnknownKeys() {
    for (String key : values.keySet()) {
      if (!used.contains(key)) {
        String suggestion =
            closestFixedKey(key).map(known -> " Did you mean '" + known + "'?").orElse("");
        throw new SpamfreeConfigurationException(
            "Unknown key '"
                + key
                + "' in "
                + source
                + "."
                + suggestion
                + " Correct the key or delete its line. Known keys: "
                + KNOWN_KEYS
                + "; a domain.NAME key must"
                + " name a protected domain, and a policy.NAME key a policy that a domain uses or"
                + " 'default'.");
      }
    }
  }

  /**
   * Returns the known key without a placeholder that is at most two edits away from {@code key}.
   */
  static Optional<String> closestFixedKey(String key) {
    String best = null;
    int bestDistance = 3;
    for (String known : fixedKeys()) {
      int distance = editDistance(key.toLowerCase(Locale.ROOT), known);
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Expands {@link #KNOWN_KEYS} into the keys that have no upper-case placeholder. */
  private static List<String> fixedKeys() {
    List<String> keys = new ArrayList<>();
    for (String entry : KNOWN_KEYS.split(",\\s+(?![^{]*})")) {
      int brace = entry.indexOf('{');
      List<String> expanded = new ArrayList<>();
      if (brace < 0) {
        expanded.add(entry.trim());
      } else {
        String prefix = entry.substring(0, brace);
        for (String suffix : entry.substring(brace + 1, entry.indexOf('}')).split(",")) {
          expanded.add(prefix + suffix.trim());
        }
      }
      for (String candidate : expanded) {
        if (candidate.equals(candidate.toLowerCase(Locale.ROOT))) {
          keys.add(candidate);
        }
      }
    }
    return keys;
  }

  /**
   * Returns the Levenshtein distance: the fewest single-character insertions, deletions and
   * changes.
   */
  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + change);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private String domainName(String key, String raw, boolean allowSingleLabel) {
    String name = raw.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    boolean valid =
        DOMAIN.matcher(name).matches()
            || (allowSingleLabel && name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"));
    if (!valid || name.length() > 253) {
      throw SpamfreeConfigurationException.invalidValue(
          source, key, raw, "a domain name such as mail.example.test");
    }
    return name;
  }

  InetAddress ipAddress(String key, String raw) {
    // Only literal addresses are accepted, so parsing never triggers a DNS lookup.
    if (!raw.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
      throw SpamfreeConfigurationException.invalidValue(
          source, key, raw, "an IPv4 or IPv6 address such as 192.0.2.25 or 2001:db8::25");
    }
    try {
      return InetAddress.getByName(raw);
    } catch (UnknownHostException e) {
      throw SpamfreeConfigurationException.invalidValue(
          source, key, raw, "an IPv4 or IPv6 address such as 192.0.2.25 or 2001:db8::25");
    }
  }

  private HostPort hostPort(String key, String raw, boolean portRequired) {
    String expected =
        portRequired
            ? "host:port with an explicit port, such as 192.0.2.10:25"
            : "an IP address with an optional port, such as 192.0.2.53 or 127.0.0.1:5353";
    HostPort parsed;
    try {
      parsed = HostPort.parse(raw);
    } catch (IllegalArgumentException e) {
      throw invalid(key, raw, expected + " (" + e.getMessage() + ")");
    }
    if (portRequired && parsed.port().isEmpty()) {
      throw invalid(key, raw, expected);
    }
    return parsed;
  }

  /** Parses DNS servers, which must be IP addresses: a host name would need DNS to find DNS. */
  private List<HostPort> hostPorts(String key, List<String> values) {
    List<HostPort> parsed = new ArrayList<>();
    for (String value : values) {
      HostPort server = hostPort(key, value, false);
      if (!InetAddresses.isInetAddress(server.host())) {
        throw invalid(
            key,
            value,
            "an IP address with an optional port, such as 192.0.2.53 or 127.0.0.1:5353");
      }
      parsed.add(server);
    }
    return parsed;
  }

  /**
   * Builds the error for an invalid value. Keys named SPAMFREE_* are environment variables, so the
   * message names the environment instead of the file.
   */
  private SpamfreeConfigurationException invalid(String key, String value, String expected) {
    if (key.startsWith("SPAMFREE_")) {
      String fileKey = key.equals("SPAMFREE_NEXT_HOP") ? "next.hop" : "dns.servers";
      return new SpamfreeConfigurationException(
          "Invalid environment variable '"
              + key
              + "' (it overrides "
              + fileKey
              + " in "
              + source
              + "): value '"
              + value
              + "'. Expected "
              + expected
              + ".");
    }
    return SpamfreeConfigurationException.invalidValue(source, key, value, expected);
  }

  long wholeNumber(String key, long defaultValue, long minimum, long maximum, String unit) {
    Optional<String> raw = value(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      long parsed = Long.parseLong(raw.get());
      if (parsed >= minimum && parsed <= maximum) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Reported below with the key and the accepted range.
    }
    throw SpamfreeConfigurationException.invalidValue(
        source,
        key,
        raw.get(),
        "a whole number of " + unit + " from " + minimum + " to " + maximum);
  }

  boolean bool(String key, boolean defaultValue) {
    Optional<String> raw = value(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    if (raw.get().equalsIgnoreCase("true") || raw.get().equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(raw.get());
    }
    throw SpamfreeConfigurationException.invalidValue(source, key, raw.get(), "'true' or 'false'");
  }

  Optional<String> value(String key) {
    used.add(key);
    return Optional.ofNullable(blankToNull(values.get(key)));
  }

  List<String> list(String key, String defaultValue) {
    return splitList(value(key).orElse(defaultValue));
  }

  static List<String> splitList(String raw) {
    List<String> items = new ArrayList<>();
    for (String item : raw.split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return items;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
