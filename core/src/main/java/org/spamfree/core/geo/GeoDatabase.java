package org.spamfree.core.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.InvalidNetworkException;
import com.maxmind.db.Network;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MaxMind DB file, read into memory and replaced when the file changes.
 *
 * <p>The whole file is read into the heap ({@link Reader.FileMode#MEMORY}) rather than mapped, so
 * an administrator who overwrites the file in place cannot change the bytes under a running lookup.
 * A reload builds and verifies a complete new reader first and then swaps one reference, so every
 * lookup uses either the old or the new database, never a mix and never an error. The old reader is
 * not closed: lookups still running on it finish, and the garbage collector frees it.
 *
 * <p>A sample of addresses is looked up when a file is loaded, so a truncated or corrupt file is
 * found then rather than by a client's lookup. A file that fails this check at start is a
 * configuration error; at run time it leaves the previous database in use and logs an ERROR once
 * per file version.
 *
 * @param <T> the record class that lookups decode
 */
public final class GeoDatabase<T> {

  private static final Logger LOGGER = LoggerFactory.getLogger(GeoDatabase.class);

  /** Decoded records kept by the reader's cache; a country database has a few hundred. */
  static final int CACHE_CAPACITY = 4096;

  /** Identifies one version of the file: a new copy or an atomic rename changes at least one. */
  private record FileVersion(Instant modified, long size, Object fileKey) {

    static FileVersion of(Path path) throws IOException {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return new FileVersion(
          attributes.lastModifiedTime().toInstant(), attributes.size(), attributes.fileKey());
    }
  }

  /**
   * A loaded database.
   *
   * @param buildDate the build time in the database's metadata
   * @param databaseType the {@code database_type} in the metadata, such as {@code GeoLite2-Country}
   * @param sampledRecords how many of the addresses sampled when the file was loaded had data
   */
  public record Info(Path path, Instant buildDate, String databaseType, long sampledRecords) {}

  /** A record found for an address, with the database network that contains it. */
  public record Found<T>(T record, Network network) {}

  private record Loaded(Reader reader, FileVersion version, Info info) {}

  /** The database file is missing or not a valid database of the expected kind. */
  public static final class InvalidDatabaseFileException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidDatabaseFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Path path;
  private final Class<T> recordClass;
  private final Predicate<T> recognised;
  private final String expectedContent;
  private final AtomicReference<Loaded> current = new AtomicReference<>();
  private volatile FileVersion failedVersion;
  private volatile boolean missingReported;

  private GeoDatabase(
      Path path, Class<T> recordClass, Predicate<T> recognised, String expectedContent) {
    this.path = Objects.requireNonNull(path, "path must not be null");
    this.recordClass = recordClass;
    this.recognised = recognised;
    this.expectedContent = expectedContent;
  }

  /**
   * Loads and verifies a database file.
   *
   * @param recognised returns true for a record of the expected kind. The first record must pass,
   *     so a database of another kind (an ASN file named as the country database) is rejected.
   * @param expectedContent what the records must hold, for the error message
   * @throws InvalidDatabaseFileException naming the path and what is wrong
   */
  public static <T> GeoDatabase<T> open(
      Path path, Class<T> recordClass, Predicate<T> recognised, String expectedContent)
      throws InvalidDatabaseFileException {
    GeoDatabase<T> database = new GeoDatabase<>(path, recordClass, recognised, expectedContent);
    database.current.set(database.load());
    return database;
  }

  public Info info() {
    return current.get().info();
  }

  /**
   * Looks an address up in the current database.
   *
   * @return the record and its network, or empty when the database has no data for the address
   * @throws IOException when the database is corrupt at the looked-up node
   */
  public Optional<Found<T>> lookup(InetAddress address) throws IOException {
    Reader reader = current.get().reader();
    if (address instanceof Inet6Address && reader.getMetadata().getIpVersion() == 4) {
      return Optional.empty();
    }
    DatabaseRecord<T> record = reader.getRecord(address, recordClass);
    if (record.getData() == null) {
      return Optional.empty();
    }
    return Optional.of(new Found<>(record.getData(), record.getNetwork()));
  }

  /**
   * Loads the file again when its modification time, size or identity changed since it was loaded.
   * A file that cannot be loaded keeps the previous database and logs one ERROR for that version.
   *
   * @return true when a new database replaced the previous one
   */
  public boolean reloadIfChanged() {
    FileVersion seen;
    try {
      seen = FileVersion.of(path);
      missingReported = false;
    } catch (NoSuchFileException e) {
      if (!missingReported) {
        missingReported = true;
        LOGGER.error(
            "Geo database {} is missing; the database built {} stays in use until the file"
                + " returns",
            path,
            info().buildDate());
      }
      return false;
    } catch (IOException e) {
      LOGGER.warn("Cannot check geo database {} for changes: {}", path, e.toString());
      return false;
    }
    if (seen.equals(current.get().version()) || seen.equals(failedVersion)) {
      return false;
    }

    Info previous = info();
    try {
      Loaded loaded = load();
      current.set(loaded);
      failedVersion = null;
      LOGGER.info(
          "Reloaded geo database {}: type={} built={} (previous built={})",
          path,
          loaded.info().databaseType(),
          loaded.info().buildDate(),
          previous.buildDate());
      return true;
    } catch (InvalidDatabaseFileException e) {
      failedVersion = seen;
      LOGGER.error(
          "Geo database {} changed but cannot be used: {}; the database built {} stays in use",
          path,
          e.getMessage(),
          previous.buildDate());
      return false;
    }
  }

  private Loaded load() throws InvalidDatabaseFileException {
    FileVersion before;
    Reader reader;
    try {
      before = FileVersion.of(path);
      reader = new Reader(path.toFile(), Reader.FileMode.MEMORY, new CHMCache(CACHE_CAPACITY));
    } catch (NoSuchFileException e) {
      throw new InvalidDatabaseFileException("file " + path + " not found", e);
    } catch (IOException | RuntimeException e) {
      throw new InvalidDatabaseFileException(
          "file " + path + " is not a MaxMind DB file (" + e.getMessage() + ")", e);
    }

    long sampled = verify(reader);

    try {
      if (!FileVersion.of(path).equals(before)) {
        throw new InvalidDatabaseFileException(
            "file " + path + " changed while it was read; it is read again at the next check",
            null);
      }
    } catch (IOException e) {
      throw new InvalidDatabaseFileException("file " + path + " vanished while it was read", e);
    }
    Info info =
        new Info(
            path,
            reader.getMetadata().getBuildDate().toInstant(),
            reader.getMetadata().getDatabaseType(),
            sampled);
    return new Loaded(reader, before, info);
  }

  /**
   * Checks that the database's first network has a record of the expected content, then looks up
   * one address in every IPv4 /16 and 4096 addresses spread over 2000::/4, decoding the records
   * found. A full walk of a country database takes seconds; the sample takes milliseconds and
   * reaches most of the tree's upper levels. A corrupt node that the sample misses makes only the
   * lookups that reach it fail, with a WARN.
   */
  private long verify(Reader reader) throws InvalidDatabaseFileException {
    try {
      Networks<T> networks = reader.networks(false, recordClass);
      if (!networks.hasNext()) {
        throw new InvalidDatabaseFileException("file " + path + " contains no networks", null);
      }
      DatabaseRecord<T> first = networks.next();
      if (first.getData() == null || !recognised.test(first.getData())) {
        throw new InvalidDatabaseFileException(
            "file "
                + path
                + " (type "
                + reader.getMetadata().getDatabaseType()
                + ") has no "
                + expectedContent
                + " in its first record",
            null);
      }
    } catch (IOException | InvalidNetworkException | RuntimeException e) {
      throw new InvalidDatabaseFileException(
          "file " + path + " is corrupt: its first network cannot be read (" + e + ")", e);
    }

    long found = 0;
    InetAddress probe = null;
    try {
      for (InetAddress address : probes(reader.getMetadata().getIpVersion())) {
        probe = address;
        if (reader.get(address, recordClass) != null) {
          found++;
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new InvalidDatabaseFileException(
          "file "
              + path
              + " is corrupt: the lookup of "
              + probe.getHostAddress()
              + " failed ("
              + e
              + ")",
          e);
    }
    return found;
  }

  private static List<InetAddress> probes(int ipVersion) {
    List<InetAddress> probes = new ArrayList<>(65536 + 4096);
    try {
      for (int index = 0; index < 65536; index++) {
        probes.add(InetAddress.getByAddress(new byte[] {(byte) (index >> 8), (byte) index, 1, 1}));
      }
      if (ipVersion == 6) {
        for (int index = 0; index < 4096; index++) {
          byte[] bytes = new byte[16];
          bytes[0] = (byte) (0x20 | (index >> 8));
          bytes[1] = (byte) index;
          bytes[2] = (byte) (index * 37);
          bytes[15] = 1;
          probes.add(InetAddress.getByAddress(bytes));
        }
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException("Four or sixteen bytes always form an address", e);
    }
    return probes;
  }
}
