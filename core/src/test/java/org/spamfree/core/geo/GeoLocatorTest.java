package org.spamfree.core.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeoLocatorTest {

  @TempDir Path directory;
  private Path countries;
  private Path asns;

  @BeforeEach
  void writeDatabases() throws Exception {
    Map<String, String> networks = new LinkedHashMap<>();
    networks.put("192.0.2.0/24", "FR");
    networks.put("198.51.100.0/25", "DE");
    networks.put("2001:db8::/33", "JP");
    networks.put("127.0.0.0/8", "NL");
    countries = directory.resolve("countries.mmdb");
    MmdbWriter.countryCodes(networks).write(countries);

    asns = directory.resolve("asn.mmdb");
    new MmdbWriter("GeoLite2-ASN")
        .insert(
            "192.0.2.0/24",
            Map.of(
                "autonomous_system_number",
                64496L,
                "autonomous_system_organization",
                "Example Transit"))
        .insert("2001:db8::/32", Map.of("autonomous_system_number", 64497L))
        .write(asns);
  }

  private GeoLocator locator(boolean lookupSpecialRanges, boolean withAsn) {
    GeoSettings settings =
        new GeoSettings(
            Optional.of(countries),
            withAsn ? Optional.of(asns) : Optional.empty(),
            Duration.ZERO,
            lookupSpecialRanges,
            Map.of(),
            Map.of());
    return GeoLocator.open(settings, directory);
  }

  @Test
  void ipv4AddressGetsCountryAndNetwork() {
    GeoResult result = locator(true, false).locate(InetAddresses.forString("192.0.2.7"));

    assertThat(result.countryCode()).contains("FR");
    assertThat(result.country().get().network()).isEqualTo("192.0.2.0/24");
    assertThat(result.noCountryReason()).isEmpty();
  }

  @Test
  void ipv6AddressGetsCountryAndNetwork() {
    GeoResult result = locator(true, false).locate(InetAddresses.forString("2001:db8::25"));

    assertThat(result.countryCode()).contains("JP");
    assertThat(result.country().get().network()).isEqualTo("2001:db8::/33");
  }

  @Test
  void mappedIpv6AddressIsLookedUpAsIpv4() throws Exception {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(InetAddresses.forString("198.51.100.9").getAddress(), 0, mapped, 12, 4);
    InetAddress address = Inet6Address.getByAddress(null, mapped, -1);

    GeoResult result = locator(true, false).locate(address);

    assertThat(result.countryCode()).contains("DE");
    assertThat(result.address()).isEqualTo(InetAddresses.forString("198.51.100.9"));
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, special:loopback",
    "10.1.2.3, special:private",
    "172.16.0.1, special:private",
    "192.168.1.1, special:private",
    "100.64.0.1, special:shared-cgnat",
    "169.254.0.1, special:link-local",
    "192.0.2.7, special:documentation",
    "203.0.113.5, special:documentation",
    "224.0.0.1, special:multicast",
    "::1, special:loopback",
    "fe80::1, special:link-local",
    "fd00::1, special:unique-local",
    "2001:db8::25, special:documentation"
  })
  void specialAddressGetsNoCountryWithoutLookup(String address, String reason) {
    GeoResult result = locator(false, true).locate(InetAddresses.forString(address));

    assertThat(result.countryCode()).isEmpty();
    assertThat(result.autonomousSystem()).isEmpty();
    assertThat(result.noCountryReason()).contains(reason);
  }

  @Test
  void specialLookupLetsDatabaseEntryWin() {
    GeoResult result = locator(true, false).locate(InetAddresses.forString("127.0.0.2"));

    assertThat(result.countryCode()).contains("NL");
  }

  @Test
  void specialLookupMissKeepsBlockReason() {
    GeoResult result = locator(true, false).locate(InetAddresses.forString("10.0.0.1"));

    assertThat(result.countryCode()).isEmpty();
    assertThat(result.noCountryReason()).contains("special:private");
  }

  /** 3ffe::/16 was the 6bone test range, returned to IANA by RFC 3701 and never reassigned. */
  @Test
  void addressMissingFromDatabaseIsNotFound() {
    GeoResult result = locator(false, false).locate(InetAddresses.forString("3ffe::1"));

    assertThat(result.countryCode()).isEmpty();
    assertThat(result.noCountryReason()).contains("not-found");
  }

  @Test
  void asnDatabaseAddsNumberAndOrganization() {
    GeoResult result = locator(true, true).locate(InetAddresses.forString("192.0.2.7"));

    assertThat(result.autonomousSystem()).isPresent();
    assertThat(result.autonomousSystem().get().number()).isEqualTo(64496L);
    assertThat(result.autonomousSystem().get().organization()).contains("Example Transit");
    assertThat(result.autonomousSystem().get().network()).isEqualTo("192.0.2.0/24");
  }

  @Test
  void asnWithoutOrganizationHasNumberOnly() {
    GeoResult result = locator(true, true).locate(InetAddresses.forString("2001:db8::25"));

    assertThat(result.autonomousSystem().get().number()).isEqualTo(64497L);
    assertThat(result.autonomousSystem().get().organization()).isEmpty();
  }

  @Test
  void disabledLocatorFindsNothing() {
    GeoResult result = GeoLocator.disabled().locate(InetAddresses.forString("192.0.2.7"));

    assertThat(result.countryCode()).isEmpty();
    assertThat(result.noCountryReason()).contains("disabled");
  }

  @Test
  void geoLite2LayoutGivesCountry() throws Exception {
    Path geoLite = directory.resolve("geolite.mmdb");
    new MmdbWriter("GeoLite2-Country")
        .insert(
            "192.0.2.0/24",
            Map.of(
                "country",
                Map.of("iso_code", "se", "geoname_id", 2661886L, "names", Map.of("en", "Sweden")),
                "continent",
                Map.of("code", "EU")))
        .insert("198.51.100.0/24", Map.of("registered_country", Map.of("iso_code", "NO")))
        .write(geoLite);
    GeoLocator locator =
        GeoLocator.open(
            new GeoSettings(
                Optional.of(geoLite), Optional.empty(), Duration.ZERO, true, Map.of(), Map.of()),
            directory);

    assertThat(locator.locate(InetAddresses.forString("192.0.2.1")).countryCode()).contains("SE");
    assertThat(locator.locate(InetAddresses.forString("198.51.100.1")).countryCode())
        .contains("NO");
  }
}
