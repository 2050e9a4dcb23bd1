package org.spamfree.benchmarks.geo;

import com.maxmind.db.Reader;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.spamfree.core.geo.GeoLocator;
import org.spamfree.core.geo.GeoResult;
import org.spamfree.core.geo.GeoSettings;

/**
 * Lookups per second on one thread against a country database, by default the bundled {@code
 * conf/geo/iptoasn-country.mmdb}. Each invocation looks up the next of {@link
 * ClientAddresses#COUNT} client addresses drawn once from the database's own networks, so the
 * lookups walk different tree paths as mail from many clients would.
 *
 * <ul>
 *   <li>{@code spamfree}: {@link GeoLocator#locate}, as the connect handler calls it: the address
 *       canonicalised, the special-range check, the in-memory tree walk and the cached record.
 *   <li>{@code readerMappedMap}: the baseline, maxmind-db's {@link Reader} with its defaults (file
 *       mapped into memory, no cache) decoding each record into a {@code Map}, as the library's
 *       documentation shows.
 * </ul>
 *
 * The database path comes from the {@code database} parameter ({@code -p database=PATH}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GeoLookupBenchmark {

  @Param({"conf/geo/iptoasn-country.mmdb"})
  public String database;

  private GeoLocator locator;
  private Reader mappedReader;
  private InetAddress[] addresses;
  private int next;

  @Setup(Level.Trial)
  public void open() throws IOException {
    Path path = Path.of(database).toAbsolutePath();
    locator =
        GeoLocator.open(
            new GeoSettings(
                Optional.of(path), Optional.empty(), Duration.ZERO, false, Map.of(), Map.of()),
            path.getParent());
    mappedReader = new Reader(new File(path.toString()));
    addresses = ClientAddresses.sample(path);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    mappedReader.close();
  }

  private InetAddress nextAddress() {
    InetAddress address = addresses[next];
    next = (next + 1) % addresses.length;
    return address;
  }

  @Benchmark
  public GeoResult spamfree() {
    return locator.locate(nextAddress());
  }

  @Benchmark
  @SuppressWarnings("rawtypes")
  public Map readerMappedMap() throws IOException {
    return mappedReader.get(nextAddress(), Map.class);
  }
}
