package org.spamfree.core.geo;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.config.SpamfreeConfigurationException;
import org.spamfree.core.geo.DatabaseRecords.AsnRecord;
import org.spamfree.core.geo.DatabaseRecords.CountryRecord;
import org.spamfree.core.net.IpAddresses;

/**
 * Finds the country, and with an ASN database the autonomous system, of a client address.
 *
 * <p>IPv4-mapped IPv6 addresses ({@code ::ffff:192.0.2.1}) are looked up as the IPv4 address they
 * map, because databases hold IPv4 networks in the IPv4 part of their tree. Addresses in a
 * special-purpose block (private, loopback, link-local, shared CGNAT, documentation, multicast and
 * the others in {@link SpecialRanges}) get no country without a lookup, unless {@code
 * geo.special.lookup} is true: then a database entry wins, which suits a custom database that maps
 * internal networks, and the block is only the reason when the database has none.
 *
 * <p>A lookup reads only memory and never blocks, so the SMTP thread calls it directly. It took
 * about 3 µs on a shared, busy 2-core machine (JMH figures in docs/benchmarks.md).
 */
public final class GeoLocator {

  private static final Logger LOGGER = LoggerFactory.getLogger(GeoLocator.class);
  private static final Optional<String> DISABLED = Optional.of("disabled");
  private static final Optional<String> NOT_FOUND = Optional.of("not-found");
  private static final Optional<String> LOOKUP_FAILED = Optional.of("lookup-failed");

  private final Optional<GeoDatabase<CountryRecord>> countries;
  private final Optional<GeoDatabase<AsnRecord>> autonomousSystems;
  private final boolean lookupSpecialRanges;

  GeoLocator(
      Optional<GeoDatabase<CountryRecord>> countries,
      Optional<GeoDatabase<AsnRecord>> autonomousSystems,
      boolean lookupSpecialRanges) {
    this.countries = countries;
    this.autonomousSystems = autonomousSystems;
    this.lookupSpecialRanges = lookupSpecialRanges;
  }

  /** Returns a locator that finds nothing, for settings without {@code geo.database}. */
  public static GeoLocator disabled() {
    return new GeoLocator(Optional.empty(), Optional.empty(), false);
  }

  /**
   * Opens the databases of the settings, resolving relative paths against {@code baseDirectory}.
   * Settings with geo tagging off give {@link #disabled()}.
   *
   * @throws SpamfreeConfigurationException naming the key, the path and the fix when a file is
   *     missing or not a database of the expected kind
   */
  public static GeoLocator open(GeoSettings settings, Path baseDirectory) {
    if (!settings.enabled()) {
      return disabled();
    }
    Path countryPath = baseDirectory.resolve(settings.countryDatabase().get());
    GeoDatabase<CountryRecord> countries;
    try {
      countries =
          GeoDatabase.open(
              countryPath,
              CountryRecord.class,
              CountryRecord::hasCountryField,
              "country_code or country.iso_code field");
    } catch (GeoDatabase.InvalidDatabaseFileException e) {
      throw new SpamfreeConfigurationException(
          "Invalid geo database for key 'geo.database': "
              + e.getMessage()
              + ". Set geo.database to a MaxMind DB country database (the bundled"
              + " conf/geo/iptoasn-country.mmdb, GeoLite2-Country.mmdb or DB-IP's"
              + " dbip-country-lite.mmdb), or remove the key to turn geo tagging off.");
    }

    Optional<GeoDatabase<AsnRecord>> autonomousSystems = Optional.empty();
    if (settings.asnDatabase().isPresent()) {
      Path asnPath = baseDirectory.resolve(settings.asnDatabase().get());
      try {
        autonomousSystems =
            Optional.of(
                GeoDatabase.open(
                    asnPath,
                    AsnRecord.class,
                    record -> record.number().isPresent(),
                    "autonomous_system_number field"));
      } catch (GeoDatabase.InvalidDatabaseFileException e) {
        throw new SpamfreeConfigurationException(
            "Invalid ASN database for key 'geo.asn.database': "
                + e.getMessage()
                + ". Set geo.asn.database to a database in the GeoLite2-ASN format, or remove the"
                + " key to look up countries only.");
      }
    }
    return new GeoLocator(
        Optional.of(countries), autonomousSystems, settings.lookupSpecialRanges());
  }

  /** Returns the country and autonomous system of an address; never throws for a bad database. */
  public GeoResult locate(InetAddress address) {
    // An IPv4 address is already canonical; only IPv6 ones may be IPv4-mapped.
    InetAddress canonical =
        address instanceof Inet6Address ? IpAddresses.canonical(address) : address;
    if (countries.isEmpty()) {
      return new GeoResult(canonical, Optional.empty(), Optional.empty(), DISABLED);
    }
    Optional<String> special = SpecialRanges.reasonOf(canonical);
    if (special.isPresent() && !lookupSpecialRanges) {
      return new GeoResult(canonical, Optional.empty(), Optional.empty(), special);
    }

    Optional<GeoResult.Country> country;
    Optional<String> reason;
    try {
      country = countries.get().lookup(canonical).flatMap(GeoLocator::country);
      reason = country.isPresent() ? Optional.empty() : special.or(() -> NOT_FOUND);
    } catch (IOException | RuntimeException e) {
      LOGGER.warn(
          "Geo lookup of {} failed in {}: {}",
          canonical.getHostAddress(),
          countries.get().info().path(),
          e.toString());
      country = Optional.empty();
      reason = LOOKUP_FAILED;
    }
    return new GeoResult(canonical, country, autonomousSystem(canonical), reason);
  }

  /** Checks every database file for changes and reloads the changed ones. */
  public void reloadIfChanged() {
    countries.ifPresent(GeoDatabase::reloadIfChanged);
    autonomousSystems.ifPresent(GeoDatabase::reloadIfChanged);
  }

  public boolean enabled() {
    return countries.isPresent();
  }

  public Optional<GeoDatabase.Info> countryDatabase() {
    return countries.map(GeoDatabase::info);
  }

  public Optional<GeoDatabase.Info> asnDatabase() {
    return autonomousSystems.map(GeoDatabase::info);
  }

  private static Optional<GeoResult.Country> country(GeoDatabase.Found<CountryRecord> found) {
    return found
        .record()
        .isoCode()
        .map(
            code ->
                new GeoResult.Country(
                    code, found.network().getNetworkAddress(), found.network().getPrefixLength()));
  }

  private Optional<GeoResult.AutonomousSystem> autonomousSystem(InetAddress address) {
    if (autonomousSystems.isEmpty()) {
      return Optional.empty();
    }
    try {
      return autonomousSystems
          .get()
          .lookup(address)
          .flatMap(
              found ->
                  found
                      .record()
                      .number()
                      .map(
                          number ->
                              new GeoResult.AutonomousSystem(
                                  number,
                                  found.record().organization(),
                                  found.network().getNetworkAddress(),
                                  found.network().getPrefixLength())));
    } catch (IOException | RuntimeException e) {
      LOGGER.warn(
          "ASN lookup of {} failed in {}: {}",
          address.getHostAddress(),
          autonomousSystems.get().info().path(),
          e.toString());
      return Optional.empty();
    }
  }
}
