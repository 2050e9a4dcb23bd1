package org.spamfree.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.store.Dialect.Column;
import org.spamfree.core.store.Dialect.Combine;

/**
 * {@link ReputationStore} over JDBC with a HikariCP pool. {@link #open} migrates the schema with
 * Flyway first (scripts under {@code db/migration}), so every node that starts brings a shared
 * database to the schema it needs; Flyway's lock table lets two nodes start at once.
 */
public final class JdbcReputationStore implements ReputationStore {

  private static final Logger LOGGER = LoggerFactory.getLogger(JdbcReputationStore.class);

  /** Upper bound of HELO names returned for one address, so a bot cannot make reads unbounded. */
  static final int MAX_HELO_NAMES = 1000;

  private static final int MAX_WRITE_ATTEMPTS = 5;

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final String backend;
  private final String heloUpsert;
  private final String addressUpsert;
  private final String countUpsert;
  private final String blocklistExtend;
  private final String blocklistReplace;

  private JdbcReputationStore(HikariDataSource dataSource, Dialect dialect, String backend) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.backend = backend;
    this.heloUpsert =
        dialect.upsert(
            "helo_seen",
            List.of("address", "helo"),
            List.of(
                new Column("first_seen", Combine.MIN),
                new Column("last_seen", Combine.MAX),
                new Column("seen_count", Combine.SUM)));
    this.addressUpsert =
        dialect.upsert(
            "address_seen",
            List.of("address"),
            List.of(
                new Column("first_seen", Combine.MIN),
                new Column("last_seen", Combine.MAX),
                new Column("connections", Combine.SUM)));
    this.countUpsert =
        dialect.upsert(
            "daily_statistics",
            List.of("stat_day", "metric", "dimension"),
            List.of(new Column("amount", Combine.SUM)));
    this.blocklistExtend =
        dialect.upsert(
            "local_blocklist",
            List.of("address"),
            List.of(
                new Column("reason", Combine.REPLACE),
                new Column("created_at", Combine.MIN),
                new Column("expires_at", Combine.MAX)));
    this.blocklistReplace =
        dialect.upsert(
            "local_blocklist",
            List.of("address"),
            List.of(
                new Column("reason", Combine.REPLACE),
                new Column("created_at", Combine.REPLACE),
                new Column("expires_at", Combine.REPLACE)));
  }

  /**
   * Connects to the database, migrates its schema and returns the store.
   *
   * @param timeout how long to wait for a pooled connection, at least 250 ms (HikariCP's minimum)
   * @throws StoreException when the database cannot be reached or migrated
   */
  public static JdbcReputationStore open(
      String jdbcUrl, String user, String password, int poolSize, Duration timeout) {
    Dialect dialect = Dialect.ofUrl(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setPoolName("spamfree-store");
    config.setJdbcUrl(jdbcUrl);
    config.setDriverClassName(driverClass(dialect));
    if (user != null && !user.isEmpty()) {
      config.setUsername(user);
    }
    if (password != null && !password.isEmpty()) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
    config.setValidationTimeout(Math.max(250, timeout.toMillis()));
    // Fail here, where the caller retries, instead of inside the first check.
    config.setInitializationFailTimeout(1);
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException("Cannot connect to " + redact(jdbcUrl) + ": " + e.getMessage(), e);
    }
    try {
      Flyway.configure(JdbcReputationStore.class.getClassLoader())
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .table("spamfree_schema_history")
          .baselineOnMigrate(false)
          .load()
          .migrate();
      String backend;
      try (Connection connection = dataSource.getConnection()) {
        backend =
            connection.getMetaData().getDatabaseProductName()
                + " "
                + connection.getMetaData().getDatabaseProductVersion();
      }
      LOGGER.info("Store ready: backend={} url={}", backend, redact(jdbcUrl));
      return new JdbcReputationStore(dataSource, dialect, backend);
    } catch (SQLException | RuntimeException e) {
      dataSource.close();
      throw new StoreException(
          "Cannot migrate the store schema at " + redact(jdbcUrl) + ": " + e.getMessage(), e);
    }
  }

  private static String driverClass(Dialect dialect) {
    return switch (dialect) {
      case H2 -> "org.h2.Driver";
      case POSTGRESQL -> "org.postgresql.Driver";
      case MARIADB -> "org.mariadb.jdbc.Driver";
    };
  }

  /** Removes the query part of a JDBC URL, where a password may be given. */
  static String redact(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    String withoutQuery = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?...";
    return withoutQuery.replaceAll("(?i)(password=)[^;&]*", "$1***");
  }

  @Override
  public void write(List<StoreWrite> writes) {
    if (writes.isEmpty()) {
      return;
    }
    List<StoreWrite> ordered = sorted(writes);
    for (int attempt = 1; ; attempt++) {
      try {
        writeOnce(ordered);
        return;
      } catch (SQLException e) {
        if (attempt >= MAX_WRITE_ATTEMPTS || !isRetryable(e)) {
          throw new StoreException("Writing " + writes.size() + " changes failed: " + e, e);
        }
        LOGGER.debug("Store write attempt {} conflicted, retrying: {}", attempt, e.toString());
      }
    }
  }

  /**
   * Returns whether a failed write can succeed when repeated: a key inserted by another transaction
   * in between (H2's {@code MERGE} is not atomic), a deadlock or a serialization failure.
   */
  private static boolean isRetryable(SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.equals("23505") || state.equals("40001") || state.equals("40P01")) {
          return true;
        }
      }
    }
    return false;
  }

  private void writeOnce(List<StoreWrite> ordered) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement helo = connection.prepareStatement(heloUpsert);
          PreparedStatement address = connection.prepareStatement(addressUpsert);
          PreparedStatement count = connection.prepareStatement(countUpsert);
          PreparedStatement extend = connection.prepareStatement(blocklistExtend);
          PreparedStatement replace = connection.prepareStatement(blocklistReplace)) {
        // Rows are written in key order, so two nodes that write the same rows at once lock them
        // in the same order, which avoids most deadlocks.
        for (StoreWrite write : ordered) {
          addBatch(write, helo, address, count, extend, replace);
        }
        helo.executeBatch();
        address.executeBatch();
        count.executeBatch();
        extend.executeBatch();
        replace.executeBatch();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private static List<StoreWrite> sorted(List<StoreWrite> writes) {
    List<StoreWrite> sorted = new ArrayList<>(writes);
    sorted.sort(Comparator.comparing(JdbcReputationStore::sortKey));
    return sorted;
  }

  private static String sortKey(StoreWrite write) {
    if (write instanceof StoreWrite.HeloSeen helo) {
      return "1 " + helo.address() + " " + helo.helo();
    }
    if (write instanceof StoreWrite.AddressSeen address) {
      return "2 " + address.address();
    }
    if (write instanceof StoreWrite.Count count) {
      return "3 " + count.day() + " " + count.metric() + " " + count.dimension();
    }
    return "4 " + ((StoreWrite.Blocklisting) write).entry().address();
  }

  private static void addBatch(
      StoreWrite write,
      PreparedStatement helo,
      PreparedStatement address,
      PreparedStatement count,
      PreparedStatement extend,
      PreparedStatement replace)
      throws SQLException {
    if (write instanceof StoreWrite.HeloSeen seen) {
      helo.setString(1, seen.address());
      helo.setString(2, cut(seen.helo(), 255));
      helo.setLong(3, seen.firstSeen().toEpochMilli());
      helo.setLong(4, seen.lastSeen().toEpochMilli());
      helo.setLong(5, seen.count());
      helo.addBatch();
    } else if (write instanceof StoreWrite.AddressSeen seen) {
      address.setString(1, seen.address());
      address.setLong(2, seen.firstSeen().toEpochMilli());
      address.setLong(3, seen.lastSeen().toEpochMilli());
      address.setLong(4, seen.connections());
      address.addBatch();
    } else if (write instanceof StoreWrite.Count counted) {
      count.setObject(1, counted.day());
      count.setString(2, counted.metric());
      count.setString(3, cut(counted.dimension(), StatisticsMetrics.MAX_DIMENSION_LENGTH));
      count.setLong(4, counted.amount());
      count.addBatch();
    } else {
      StoreWrite.Blocklisting blocklisting = (StoreWrite.Blocklisting) write;
      PreparedStatement statement = blocklisting.extendOnly() ? extend : replace;
      BlocklistEntry entry = blocklisting.entry();
      statement.setString(1, entry.address());
      statement.setString(2, entry.reason());
      statement.setLong(3, entry.createdAt().toEpochMilli());
      statement.setLong(4, entry.expiresAt().toEpochMilli());
      statement.addBatch();
    }
  }

  private static String cut(String value, int length) {
    return value.length() <= length ? value : value.substring(0, length);
  }

  @Override
  public List<HeloName> heloNames(String address, Instant since) {
    return query(
        "Reading the HELO names of " + address,
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT helo, seen_count, first_seen, last_seen FROM helo_seen"
                      + " WHERE address = ? AND last_seen >= ? ORDER BY last_seen DESC, helo"
                      + " LIMIT "
                      + MAX_HELO_NAMES)) {
            statement.setString(1, address);
            statement.setLong(2, since.toEpochMilli());
            List<HeloName> names = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                names.add(
                    new HeloName(
                        rows.getString(1),
                        rows.getLong(2),
                        Instant.ofEpochMilli(rows.getLong(3)),
                        Instant.ofEpochMilli(rows.getLong(4))));
              }
            }
            return names;
          }
        });
  }

  @Override
  public Optional<BlocklistEntry> blocklistEntry(String address, Instant now) {
    return query(
        "Reading the blocklist entry of " + address,
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT address, reason, created_at, expires_at FROM local_blocklist"
                      + " WHERE address = ? AND expires_at > ?")) {
            statement.setString(1, address);
            statement.setLong(2, now.toEpochMilli());
            try (ResultSet rows = statement.executeQuery()) {
              return rows.next() ? Optional.of(entry(rows)) : Optional.<BlocklistEntry>empty();
            }
          }
        });
  }

  @Override
  public List<BlocklistEntry> blocklist(Instant now) {
    return query(
        "Reading the blocklist",
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT address, reason, created_at, expires_at FROM local_blocklist"
                      + " WHERE expires_at > ? ORDER BY expires_at DESC, address")) {
            statement.setLong(1, now.toEpochMilli());
            List<BlocklistEntry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                entries.add(entry(rows));
              }
            }
            return entries;
          }
        });
  }

  private static BlocklistEntry entry(ResultSet rows) throws SQLException {
    return new BlocklistEntry(
        rows.getString(1),
        rows.getString(2),
        Instant.ofEpochMilli(rows.getLong(3)),
        Instant.ofEpochMilli(rows.getLong(4)));
  }

  @Override
  public boolean removeFromBlocklist(String address) {
    return query(
        "Removing " + address + " from the blocklist",
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement("DELETE FROM local_blocklist WHERE address = ?")) {
            statement.setString(1, address);
            return statement.executeUpdate() > 0;
          }
        });
  }

  @Override
  public AddressHistory history(String address, Instant now) {
    List<HeloName> names = heloNames(address, Instant.EPOCH);
    Optional<BlocklistEntry> blocklist = blocklistEntry(address, now);
    return query(
        "Reading the history of " + address,
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT first_seen, last_seen, connections FROM address_seen WHERE address = ?")) {
            statement.setString(1, address);
            try (ResultSet rows = statement.executeQuery()) {
              if (rows.next()) {
                return new AddressHistory(
                    address,
                    rows.getLong(3),
                    Optional.of(Instant.ofEpochMilli(rows.getLong(1))),
                    Optional.of(Instant.ofEpochMilli(rows.getLong(2))),
                    names,
                    blocklist);
              }
              return new AddressHistory(
                  address, 0, Optional.empty(), Optional.empty(), names, blocklist);
            }
          }
        });
  }

  @Override
  public List<DailyStatistics> statistics(LocalDate from, LocalDate to, int topSymbols) {
    return query(
        "Reading the statistics from " + from + " to " + to,
        connection -> {
          Map<LocalDate, DayBuilder> days = new TreeMap<>();
          for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            days.put(day, new DayBuilder(day));
          }
          // Addresses and HELO names have a row each per day, so they are summarised in SQL.
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT stat_day, metric, COUNT(*), SUM(amount), MAX(amount)"
                      + " FROM daily_statistics WHERE stat_day >= ? AND stat_day <= ?"
                      + " AND metric IN (?, ?) GROUP BY stat_day, metric")) {
            statement.setObject(1, from);
            statement.setObject(2, to);
            statement.setString(3, StatisticsMetrics.ADDRESS);
            statement.setString(4, StatisticsMetrics.HELO);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                DayBuilder day = days.get(rows.getObject(1, LocalDate.class));
                if (rows.getString(2).equals(StatisticsMetrics.ADDRESS)) {
                  day.distinctAddresses = rows.getLong(3);
                  day.maxPerAddress = rows.getLong(5);
                } else {
                  day.distinctHelo = rows.getLong(3);
                }
              }
            }
          }
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT stat_day, metric, dimension, amount FROM daily_statistics"
                      + " WHERE stat_day >= ? AND stat_day <= ? AND metric NOT IN (?, ?)")) {
            statement.setObject(1, from);
            statement.setObject(2, to);
            statement.setString(3, StatisticsMetrics.ADDRESS);
            statement.setString(4, StatisticsMetrics.HELO);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                days.get(rows.getObject(1, LocalDate.class))
                    .add(rows.getString(2), rows.getString(3), rows.getLong(4));
              }
            }
          }
          return days.values().stream().map(day -> day.build(topSymbols)).toList();
        });
  }

  /** Collects the rows of one day. */
  private static final class DayBuilder {
    private final LocalDate day;
    private long connections;
    private long distinctAddresses;
    private long maxPerAddress;
    private long distinctHelo;
    private final Map<String, Map<String, Long>> byMetric = new TreeMap<>();

    DayBuilder(LocalDate day) {
      this.day = day;
    }

    void add(String metric, String dimension, long amount) {
      if (metric.equals(StatisticsMetrics.CONNECTIONS)) {
        connections += amount;
        return;
      }
      byMetric.computeIfAbsent(metric, key -> new TreeMap<>()).merge(dimension, amount, Long::sum);
    }

    DailyStatistics build(int topSymbols) {
      Map<String, Long> symbols = new LinkedHashMap<>();
      byMetric.getOrDefault(StatisticsMetrics.SYMBOL, Map.of()).entrySet().stream()
          .sorted(
              Map.Entry.<String, Long>comparingByValue()
                  .reversed()
                  .thenComparing(Map.Entry.comparingByKey()))
          .limit(topSymbols)
          .forEach(entry -> symbols.put(entry.getKey(), entry.getValue()));
      Map<String, Map<String, Long>> other = new TreeMap<>(byMetric);
      Map<String, Long> verdicts = other.remove(StatisticsMetrics.VERDICT);
      other.remove(StatisticsMetrics.SYMBOL);
      Map<String, Long> domains = other.remove(StatisticsMetrics.RECIPIENT_DOMAIN);
      return new DailyStatistics(
          day,
          connections,
          distinctAddresses,
          maxPerAddress,
          distinctHelo,
          verdicts == null ? Map.of() : verdicts,
          symbols,
          domains == null ? Map.of() : domains,
          other);
    }
  }

  @Override
  public PurgeResult purge(Instant seenBefore, Instant now, LocalDate statisticsBefore) {
    return query(
        "Purging expired rows",
        connection -> {
          int helo = delete(connection, "DELETE FROM helo_seen WHERE last_seen < ?", seenBefore);
          int addresses =
              delete(connection, "DELETE FROM address_seen WHERE last_seen < ?", seenBefore);
          int blocklist =
              delete(connection, "DELETE FROM local_blocklist WHERE expires_at <= ?", now);
          int statistics;
          try (PreparedStatement statement =
              connection.prepareStatement("DELETE FROM daily_statistics WHERE stat_day < ?")) {
            statement.setObject(1, statisticsBefore);
            statistics = statement.executeUpdate();
          }
          return new PurgeResult(helo, addresses, blocklist, statistics);
        });
  }

  private static int delete(Connection connection, String sql, Instant before) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, before.toEpochMilli());
      return statement.executeUpdate();
    }
  }

  /** A step that uses one pooled connection. */
  @FunctionalInterface
  private interface Query<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T query(String what, Query<T> query) {
    try (Connection connection = dataSource.getConnection()) {
      return query.run(connection);
    } catch (SQLException e) {
      throw new StoreException(what + " failed: " + e, e);
    }
  }

  @Override
  public String backend() {
    return backend;
  }

  Dialect dialect() {
    return dialect;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
