package org.spamfree.benchmarks.geo;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.spamfree.core.geo.GeoLocator;
import org.spamfree.core.geo.GeoSettings;

/**
 * Prints the heap that a loaded {@link GeoLocator} keeps. It reads the used heap after full
 * collections before opening the database, after opening it, after looking up every sample address
 * once (which fills the record cache) and after dropping the locator; the last drop is the retained
 * size. Run it in a JVM of its own with a serial collector, so the two figures are comparable:
 * {@code java -XX:+UseSerialGC -cp ... org.spamfree.benchmarks.geo.GeoMemoryFootprint PATH}.
 */
public final class GeoMemoryFootprint {

  private GeoMemoryFootprint() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("Usage: GeoMemoryFootprint DATABASE.mmdb");
      System.exit(2);
    }
    Path path = Path.of(args[0]).toAbsolutePath();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    // Logging starts with the first logger; start it now so its heap is not counted as the
    // database's.
    LoggerFactory.getLogger(GeoMemoryFootprint.class).debug("Measuring {}", path);

    long before = usedAfterCollection(memory);
    GeoLocator locator =
        GeoLocator.open(
            new GeoSettings(
                Optional.of(path), Optional.empty(), Duration.ZERO, false, Map.of(), Map.of()),
            path.getParent());
    long loaded = usedAfterCollection(memory);

    long found = 0;
    InetAddress[] addresses = ClientAddresses.sample(path);
    for (InetAddress address : addresses) {
      if (locator.locate(address).countryCode().isPresent()) {
        found++;
      }
    }
    int lookups = addresses.length;
    addresses = null;
    long afterLookups = usedAfterCollection(memory);

    String type = locator.countryDatabase().get().databaseType();
    locator = null;
    long released = usedAfterCollection(memory);

    // The drop when the locator becomes garbage is what it kept. The differences from the first
    // measurement also include start-up objects that die in between, so they can come out lower.
    System.out.printf(
        "database=%s type=%s fileBytes=%d heapBeforeBytes=%d afterLoadBytes=%d"
            + " afterLookupsBytes=%d afterReleaseBytes=%d retainedBytes=%d lookups=%d found=%d%n",
        path,
        type,
        path.toFile().length(),
        before,
        loaded,
        afterLookups,
        released,
        afterLookups - released,
        lookups,
        found);
  }

  private static long usedAfterCollection(MemoryMXBean memory) throws InterruptedException {
    for (int round = 0; round < 4; round++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
