package org.spamfree.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spamfree.core.config.SpamfreeConfigurationException;

class GeoDatabaseTest {

  private static final InetAddress CLIENT = InetAddresses.forString("192.0.2.7");

  @TempDir Path directory;

  private GeoSettings settings(Path database) {
    return new GeoSettings(
        Optional.of(database), Optional.empty(), Duration.ZERO, true, Map.of(), Map.of());
  }

  private static void writeCountry(Path path, String code, long buildEpoch) throws Exception {
    MmdbWriter.countryCodes(Map.of("192.0.2.0/24", code)).buildEpoch(buildEpoch).write(path);
  }

  /** Writes through a temporary file and a rename, as the documentation recommends. */
  private void replaceAtomically(Path path, byte[] content) throws Exception {
    Path temporary = Files.createTempFile(directory, "replacement", ".tmp");
    Files.write(temporary, content);
    Files.move(
        temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void missingFileAtStartIsConfigurationError() {
    Path missing = directory.resolve("missing.mmdb");

    assertThatThrownBy(() -> GeoLocator.open(settings(missing), directory))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining("geo.database")
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("not found");
  }

  @Test
  void garbageFileAtStartIsConfigurationError() throws Exception {
    Path garbage = directory.resolve("garbage.mmdb");
    Files.writeString(garbage, "this is not a database\n".repeat(100));

    assertThatThrownBy(() -> GeoLocator.open(settings(garbage), directory))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining("geo.database")
        .hasMessageContaining("is not a MaxMind DB file");
  }

  @Test
  void corruptDataSectionAtStartIsConfigurationError() throws Exception {
    Path corrupt = directory.resolve("corrupt.mmdb");
    byte[] bytes = MmdbWriter.countryCodes(Map.of("192.0.2.0/24", "FR")).bytes();
    // The search tree starts the file: pointing its records past the data section corrupts it
    // while the metadata at the end stays readable.
    Arrays.fill(bytes, 0, 60, (byte) 0xff);
    Files.write(corrupt, bytes);

    assertThatThrownBy(() -> GeoLocator.open(settings(corrupt), directory))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining("geo.database")
        .hasMessageContaining("corrupt");
  }

  @Test
  void databaseOfAnotherKindIsRejected() throws Exception {
    Path asn = directory.resolve("asn.mmdb");
    new MmdbWriter("GeoLite2-ASN")
        .insert("192.0.2.0/24", Map.of("autonomous_system_number", 64496L))
        .write(asn);

    assertThatThrownBy(() -> GeoLocator.open(settings(asn), directory))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining("GeoLite2-ASN")
        .hasMessageContaining("country_code or country.iso_code");
  }

  @Test
  void changedFileIsReloaded() throws Exception {
    Path path = directory.resolve("countries.mmdb");
    writeCountry(path, "FR", 1_700_000_000L);
    GeoLocator locator = GeoLocator.open(settings(path), directory);

    replaceAtomically(
        path,
        MmdbWriter.countryCodes(Map.of("192.0.2.0/24", "IT")).buildEpoch(1_800_000_000L).bytes());
    locator.reloadIfChanged();

    assertThat(locator.locate(CLIENT).countryCode()).contains("IT");
    assertThat(locator.countryDatabase().get().buildDate())
        .isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
  }

  @Test
  void corruptReplacementKeepsPreviousDatabase() throws Exception {
    Path path = directory.resolve("countries.mmdb");
    writeCountry(path, "FR", 1_700_000_000L);
    GeoDatabase<DatabaseRecords.CountryRecord> database =
        GeoDatabase.open(
            path, DatabaseRecords.CountryRecord.class, record -> true, "a country field");

    byte[] good = Files.readAllBytes(path);
    replaceAtomically(path, Arrays.copyOf(good, good.length / 2));
    boolean reloaded = database.reloadIfChanged();

    assertThat(reloaded).isFalse();
    assertThat(database.lookup(CLIENT).get().record().isoCode()).contains("FR");
    assertThat(database.info().buildDate()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
  }

  @Test
  void missingReplacementKeepsPreviousDatabase() throws Exception {
    Path path = directory.resolve("countries.mmdb");
    writeCountry(path, "FR", 1_700_000_000L);
    GeoLocator locator = GeoLocator.open(settings(path), directory);

    Files.delete(path);
    locator.reloadIfChanged();

    assertThat(locator.locate(CLIENT).countryCode()).contains("FR");
  }

  @Test
  void goodFileAfterCorruptOneIsLoaded() throws Exception {
    Path path = directory.resolve("countries.mmdb");
    writeCountry(path, "FR", 1_700_000_000L);
    GeoLocator locator = GeoLocator.open(settings(path), directory);

    replaceAtomically(path, "not a database".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    locator.reloadIfChanged();
    replaceAtomically(path, MmdbWriter.countryCodes(Map.of("192.0.2.0/24", "IT")).bytes());
    locator.reloadIfChanged();

    assertThat(locator.locate(CLIENT).countryCode()).contains("IT");
  }

  @Test
  void unchangedFileIsNotReloaded() throws Exception {
    Path path = directory.resolve("countries.mmdb");
    writeCountry(path, "FR", 1_700_000_000L);
    GeoDatabase<DatabaseRecords.CountryRecord> database =
        GeoDatabase.open(
            path, DatabaseRecords.CountryRecord.class, record -> true, "a country field");

    assertThat(database.reloadIfChanged()).isFalse();
  }

  @Test
  void inPlaceOverwriteIsReloaded() throws Exception {
    Path path = directory.resolve("countries.mmdb");
    writeCountry(path, "FR", 1_700_000_000L);
    GeoLocator locator = GeoLocator.open(settings(path), directory);

    writeCountry(path, "ES", 1_700_000_001L);
    Files.setLastModifiedTime(path, FileTime.from(Instant.now().plusSeconds(5)));
    locator.reloadIfChanged();

    assertThat(locator.locate(CLIENT).countryCode()).contains("ES");
  }

  /**
   * Swaps between two databases, with a corrupt file between swaps, while four threads look up the
   * same address: every lookup must find one of the two countries, none may fail.
   */
  @Test
  void swapUnderConcurrentLookupsNeverFails() throws Exception {
    Path path = directory.resolve("countries.mmdb");
    writeCountry(path, "FR", 1_700_000_000L);
    GeoLocator locator = GeoLocator.open(settings(path), directory);
    byte[] france = Files.readAllBytes(path);
    byte[] italy =
        MmdbWriter.countryCodes(Map.of("192.0.2.0/24", "IT")).buildEpoch(1_700_000_001L).bytes();
    byte[] corrupt = Arrays.copyOf(italy, italy.length / 2);

    AtomicBoolean running = new AtomicBoolean(true);
    Map<String, AtomicLong> seen = new ConcurrentHashMap<>();
    CountDownLatch started = new CountDownLatch(4);
    ExecutorService lookups = Executors.newFixedThreadPool(4);
    try {
      Future<?>[] workers = new Future<?>[4];
      for (int worker = 0; worker < workers.length; worker++) {
        workers[worker] =
            lookups.submit(
                () -> {
                  started.countDown();
                  while (running.get()) {
                    String code = locator.locate(CLIENT).countryCode().orElse("none");
                    seen.computeIfAbsent(code, key -> new AtomicLong()).incrementAndGet();
                  }
                });
      }
      started.await(5, TimeUnit.SECONDS);
      for (int swap = 0; swap < 30; swap++) {
        byte[] content = italy;
        if (swap % 3 == 1) {
          content = france;
        } else if (swap % 3 == 2) {
          content = corrupt;
        }
        replaceAtomically(path, content);
        locator.reloadIfChanged();
      }
      running.set(false);
      for (Future<?> worker : workers) {
        worker.get(10, TimeUnit.SECONDS);
      }
    } finally {
      lookups.shutdownNow();
    }

    assertThat(seen.keySet()).isSubsetOf("FR", "IT");
    assertThat(seen.values().stream().mapToLong(AtomicLong::get).sum()).isGreaterThan(1000);
  }
}
