package org.spamfree.core.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.spamfree.core.attachment.AttachmentSettings;
import org.spamfree.core.clamav.ClamavSettings;
import org.spamfree.core.dnsbl.DnsblZone;
import org.spamfree.core.geo.GeoSettings;
import org.spamfree.core.spf.SpfSettings;
import org.spamfree.core.store.StoreSettings;
import org.spamfree.core.verdict.Policy;
import org.spamfree.core.verdict.ScoreTable;

/**
 * Engine-wide settings read once from {@code conf/spamfree.properties} and the {@code SPAMFREE_*}
 * environment overrides. Immutable; {@link SettingsParser} builds it and rejects bad values.
 *
 * @param source where the settings came from, for error and log messages
 * @param serverNames host names of this server, lower-case
 * @param serverAddresses addresses of this server
 * @param protectedDomains protected domains by lower-case name
 * @param defaultPolicy the policy named {@code default}
 * @param scores score of every symbol
 * @param nextHop downstream SMTP server for accepted mail; empty means local James mailboxes
 * @param dnsServers DNS servers for Spamfree's lookups; empty means the system resolver
 * @param dnsTimeout how long to wait for each DNS server's answer
 * @param dnsCacheSize maximum number of cached DNS results
 * @param dnsDeadline how long the verdict waits for the reverse-DNS and HELO lookups
 * @param reverseDnsEnabled whether the client's reverse DNS is checked
 * @param heloDnsEnabled whether the HELO name is looked up
 * @param dnsLists DNS blocklists and allowlists, in the order they are configured
 * @param dnsListDeadline how long the verdict waits for the DNS list answers
 * @param allowlistNetworks client networks that get the {@code LOCAL_ALLOWLIST} symbol
 * @param localUsers James users to create at start, address to password; only used without a next
 *     hop
 * @param spf the SPF check and the SPF policy of each protected domain
 * @param geo the geo lookup: databases, country scores and the domains' country rules
 * @param clamav the virus scanner's settings
 * @param attachments the attachment type checks' settings
 * @param store the shared store and the checks it feeds
 */
public record SpamfreeSettings(
    String source,
    Set<String> serverNames,
    Set<InetAddress> serverAddresses,
    Map<String, ProtectedDomain> protectedDomains,
    Policy defaultPolicy,
    ScoreTable scores,
    Optional<HostPort> nextHop,
    List<HostPort> dnsServers,
    Duration dnsTimeout,
    int dnsCacheSize,
    Duration dnsDeadline,
    boolean reverseDnsEnabled,
    boolean heloDnsEnabled,
    List<DnsblZone> dnsLists,
    Duration dnsListDeadline,
    List<CidrRange> allowlistNetworks,
    Map<String, String> localUsers,
    SpfSettings spf,
    GeoSettings geo,
    ClamavSettings clamav,
    AttachmentSettings attachments,
    StoreSettings store) {

  public SpamfreeSettings {
    serverNames = Set.copyOf(serverNames);
    serverAddresses = Set.copyOf(serverAddresses);
    protectedDomains = Map.copyOf(protectedDomains);
    dnsServers = List.copyOf(dnsServers);
    dnsLists = List.copyOf(dnsLists);
    allowlistNetworks = List.copyOf(allowlistNetworks);
    localUsers = Map.copyOf(localUsers);
    java.util.Objects.requireNonNull(spf, "spf must not be null");
  }

  /** Returns the protected domain of an address's domain part, ignoring case and a final dot. */
  public Optional<ProtectedDomain> protectedDomain(String domain) {
    String normalised = domain.toLowerCase(Locale.ROOT);
    if (normalised.endsWith(".")) {
      normalised = normalised.substring(0, normalised.length() - 1);
    }
    return Optional.ofNullable(protectedDomains.get(normalised));
  }

  /** Describes every policy in use with its thresholds, for the start-up log. */
  private String policies() {
    Map<String, Policy> byName = new TreeMap<>();
    byName.put(defaultPolicy.name(), defaultPolicy);
    protectedDomains
        .values()
        .forEach(domain -> byName.put(domain.policy().name(), domain.policy()));
    return byName.values().stream()
        .map(
            policy ->
                policy.name()
                    + "(tag="
                    + threshold(policy.tag())
                    + " quarantine="
                    + threshold(policy.quarantine())
                    + " tempfail="
                    + threshold(policy.tempfail())
                    + " reject="
                    + threshold(policy.reject())
                    + ")")
        .collect(Collectors.joining(","));
  }

  private static String threshold(java.util.OptionalDouble value) {
    return value.isPresent() ? Double.toString(value.getAsDouble()) : "off";
  }

  /**
   * Describes the effective settings on one line for the start-up log. Passwords of local users are
   * left out.
   */
  public String describe() {
    Map<String, String> domains = new TreeMap<>();
    protectedDomains.forEach(
        (name, domain) ->
            domains.put(
                name,
                "policy="
                    + domain.policy().name()
                    + " recipients="
                    + domain
                        .knownLocalParts()
                        .map(parts -> parts.size() + " known")
                        .orElse("any")));
    return "source="
        + source
        + " serverNames="
        + new java.util.TreeSet<>(serverNames)
        + " serverAddresses="
        + serverAddresses.stream().map(InetAddress::getHostAddress).sorted().toList()
        + " protectedDomains="
        + domains
        + " policies="
        + policies()
        + " nextHop="
        + nextHop.map(HostPort::toString).orElse("none (local mailboxes)")
        + " dnsServers="
        + (dnsServers.isEmpty()
            ? "system resolver"
            : dnsServers.stream().map(HostPort::toString).collect(Collectors.joining(",")))
        + " dnsTimeout="
        + dnsTimeout.toMillis()
        + "ms dnsCacheSize="
        + dnsCacheSize
        + " dnsDeadline="
        + dnsDeadline.toMillis()
        + "ms reverseDns="
        + reverseDnsEnabled
        + " heloDns="
        + heloDnsEnabled
        + " dnsLists="
        + dnsLists.stream().map(zone -> zone.id() + "=" + zone.zone()).toList()
        + " dnsListDeadline="
        + dnsListDeadline.toMillis()
        + "ms allowlistNetworks="
        + allowlistNetworks
        + " localUsers="
        + new java.util.TreeSet<>(localUsers.keySet())
        + " "
        + clamav.describe()
        + " "
        + attachments.describe()
        + " scores="
        + scores.asMap()
        + " spf=("
        + spf.describe()
        + ")"
        + " geo="
        + geo.describe()
        + " store=("
        + store.describe()
        + ")";
  }
}
