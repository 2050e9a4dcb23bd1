package org.spamfree.core.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import java.io.File;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the database that ships in {@code conf/geo/}. The test addresses are taken from the
 * database's own networks, so no real-world address is written into the test.
 */
class BundledDatabaseTest {

  private static Path bundled;
  private static GeoLocator locator;

  @BeforeAll
  static void open() {
    Path directory = Path.of("").toAbsolutePath();
    while (!Files.exists(directory.resolve("conf/geo/iptoasn-country.mmdb"))) {
      directory = directory.getParent();
    }
    bundled = directory.resolve("conf/geo/iptoasn-country.mmdb");
    locator =
        GeoLocator.open(
            new GeoSettings(
                Optional.of(bundled), Optional.empty(), Duration.ZERO, false, Map.of(), Map.of()),
            directory);
  }

  @Test
  void bundledDatabaseLoadsWithItsBuildDate() {
    GeoDatabase.Info info = locator.countryDatabase().get();

    assertThat(info.databaseType()).isEqualTo("country ipvAll");
    assertThat(info.buildDate()).isEqualTo(Instant.parse("2026-06-17T19:54:21Z"));
    assertThat(info.sampledRecords()).isGreaterThan(10_000);
    assertThat(info.path()).isEqualTo(bundled);
  }

  @Test
  void everyCountryOfBundledDatabaseIsKnownCode() throws Exception {
    Set<String> codes = new TreeSet<>();
    long withoutCode = 0;
    try (Reader reader = new Reader(bundled.toFile(), new CHMCache())) {
      Networks<DatabaseRecords.CountryRecord> networks =
          reader.networks(false, DatabaseRecords.CountryRecord.class);
      while (networks.hasNext()) {
        Optional<String> code = networks.next().getData().isoCode();
        if (code.isPresent()) {
          codes.add(code.get());
        } else {
          withoutCode++;
        }
      }
    }

    assertThat(withoutCode).isZero();
    assertThat(codes).hasSizeGreaterThan(200).allMatch(CountryCodes::isKnown);
  }

  @Test
  void ipv4AndIpv6NetworksGetTheirCountry() throws Exception {
    int ipv4 = 0;
    int ipv6 = 0;
    try (Reader reader = new Reader(new File(bundled.toString()))) {
      Networks<DatabaseRecords.CountryRecord> networks =
          reader.networks(false, DatabaseRecords.CountryRecord.class);
      int index = 0;
      while (networks.hasNext() && (ipv4 < 50 || ipv6 < 50)) {
        DatabaseRecord<DatabaseRecords.CountryRecord> record = networks.next();
        if (index++ % 997 != 0) {
          continue;
        }
        var address = record.getNetwork().getNetworkAddress();
        if (address instanceof Inet4Address) {
          ipv4++;
        } else if (address instanceof Inet6Address) {
          ipv6++;
        }
        GeoResult result = locator.locate(address);
        if (result.noCountryReason().filter(reason -> reason.startsWith("special:")).isEmpty()) {
          assertThat(result.countryCode())
              .as(address.getHostAddress())
              .isEqualTo(record.getData().isoCode());
        }
      }
    }

    assertThat(ipv4).isGreaterThanOrEqualTo(50);
    assertThat(ipv6).isGreaterThanOrEqualTo(50);
  }
}
