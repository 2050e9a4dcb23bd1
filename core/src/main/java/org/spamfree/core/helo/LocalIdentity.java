package org.spamfree.core.helo;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Names and addresses that belong to this server, which a remote client must not use as its own
 * HELO or EHLO argument.
 *
 * <p>The compact constructor normalises every input, so {@link HeloAnalyzer} can compare with
 * {@link Set#contains}: names are lower-cased with {@link Locale#ROOT} and lose one trailing dot,
 * and addresses lose host name and scope id, with IPv4-mapped IPv6 addresses turned into IPv4. All
 * three sets are immutable copies.
 *
 * @param hostNames this server's host names, for example the name James sends in its greeting
 * @param addresses the addresses this server listens on or sends mail from
 * @param protectedDomains domains this server receives mail for, whose names and subdomains no
 *     remote client may claim
 */
public record LocalIdentity(
    Set<String> hostNames, Set<InetAddress> addresses, Set<String> protectedDomains) {

  public LocalIdentity {
    hostNames = normaliseNames(hostNames, "hostNames");
    addresses = normaliseAddresses(addresses);
    protectedDomains = normaliseNames(protectedDomains, "protectedDomains");
  }

  /** Returns an identity with no names or addresses, for which no HELO claims to be local. */
  public static LocalIdentity empty() {
    return new LocalIdentity(Set.of(), Set.of(), Set.of());
  }

  private static Set<String> normaliseNames(Set<String> names, String field) {
    Objects.requireNonNull(names, field + " must not be null, pass an empty set instead");
    Set<String> normalised = new HashSet<>();
    for (String name : names) {
      Objects.requireNonNull(name, field + " must not contain null");
      String lowerCase = name.toLowerCase(Locale.ROOT);
      String withoutDot =
          lowerCase.endsWith(".") ? lowerCase.substring(0, lowerCase.length() - 1) : lowerCase;
      if (withoutDot.isBlank()) {
        throw new IllegalArgumentException(
            field + " contains the empty name '" + name + "', remove it or give a domain name");
      }
      normalised.add(withoutDot);
    }
    return Set.copyOf(normalised);
  }

  private static Set<InetAddress> normaliseAddresses(Set<InetAddress> addresses) {
    Objects.requireNonNull(addresses, "addresses must not be null, pass an empty set instead");
    Set<InetAddress> normalised = new HashSet<>();
    for (InetAddress address : addresses) {
      Objects.requireNonNull(address, "addresses must not contain null");
      normalised.add(AddressLiterals.normalise(address));
    }
    return Set.copyOf(normalised);
  }
}
