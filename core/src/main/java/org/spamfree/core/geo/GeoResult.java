package org.spamfree.core.geo;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What the geo lookup found for one client address.
 *
 * @param address the address looked up, IPv4-mapped IPv6 addresses turned into IPv4
 * @param country the country and the database network that contains the address, when found
 * @param autonomousSystem the autonomous system, when an ASN database is configured and has it
 * @param noCountryReason why there is no country: the special-purpose block (such as {@code
 *     special:loopback}), {@code not-found}, {@code lookup-failed} or {@code disabled}; empty when
 *     a country was found
 */
public record GeoResult(
    InetAddress address,
    Optional<Country> country,
    Optional<AutonomousSystem> autonomousSystem,
    Optional<String> noCountryReason) {

  public GeoResult {
    Objects.requireNonNull(address, "address must not be null");
    if (country.isPresent() == noCountryReason.isPresent()) {
      throw new IllegalArgumentException("a result has either a country or a reason for none");
    }
  }

  /** Returns the ISO 3166-1 alpha-2 code of the client's country, when known. */
  public Optional<String> countryCode() {
    return country.map(Country::isoCode);
  }

  /** Describes the result as key=value fields for log lines. */
  public String describe() {
    return "country="
        + country.map(Country::isoCode).orElse("-")
        + " network="
        + country.map(Country::network).orElse("-")
        + " asn="
        + autonomousSystem.map(as -> Long.toString(as.number())).orElse("-")
        + noCountryReason.map(reason -> " reason=" + reason).orElse("");
  }

  /**
   * A country found in the database.
   *
   * @param isoCode ISO 3166-1 alpha-2 code in upper case
   * @param networkAddress the first address of the database network that contains the address
   * @param prefixLength the prefix length of that network
   */
  public record Country(String isoCode, InetAddress networkAddress, int prefixLength) {

    /** Returns the network in CIDR notation, such as {@code 192.0.2.0/24}. */
    public String network() {
      return InetAddresses.toAddrString(networkAddress) + "/" + prefixLength;
    }
  }

  /**
   * An autonomous system found in the ASN database.
   *
   * @param number the autonomous system number (RFC 6793: 32 bits)
   * @param organization the organisation's name, when the database has one
   * @param networkAddress the first address of the database network that contains the address
   * @param prefixLength the prefix length of that network
   */
  public record AutonomousSystem(
      long number, Optional<String> organization, InetAddress networkAddress, int prefixLength) {

    /** Returns the network in CIDR notation, such as {@code 192.0.2.0/24}. */
    public String network() {
      return InetAddresses.toAddrString(networkAddress) + "/" + prefixLength;
    }
  }
}
