package org.spamfree.core.store;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The SQL that differs between the supported databases: only the upsert, an insert that updates the
 * row when its key exists. PostgreSQL and MariaDB/MySQL have atomic native forms; H2 uses the
 * standard {@code MERGE}.
 */
enum Dialect {
  H2,
  POSTGRESQL,
  MARIADB;

  /** How an upsert combines a column's stored value with the new one. */
  enum Combine {
    MIN("LEAST"),
    MAX("GREATEST"),
    SUM(null),
    REPLACE(null);

    private final String function;

    Combine(String function) {
      this.function = function;
    }

    String expression(String stored, String added) {
      return switch (this) {
        case MIN, MAX -> function + "(" + stored + ", " + added + ")";
        case SUM -> stored + " + " + added;
        case REPLACE -> added;
      };
    }
  }

  /** A column that is not part of the key, and how the upsert combines it. */
  record Column(String name, Combine combine) {}

  /** Returns the dialect of a JDBC URL, or throws when Spamfree supports no such database. */
  static Dialect ofUrl(String jdbcUrl) {
    String lower = jdbcUrl.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
      return MARIADB;
    }
    throw new IllegalArgumentException(
        "Unsupported JDBC URL '"
            + jdbcUrl
            + "': expected jdbc:h2:, jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:");
  }

  /**
   * Returns an upsert with one parameter per key column, then one per other column, in order. Every
   * column of the table is named in {@code keys} or {@code columns}.
   */
  String upsert(String table, List<String> keys, List<Column> columns) {
    List<String> all = new java.util.ArrayList<>(keys);
    columns.forEach(column -> all.add(column.name()));
    String names = String.join(", ", all);
    String parameters = all.stream().map(name -> "?").collect(Collectors.joining(", "));
    return switch (this) {
      case POSTGRESQL -> "INSERT INTO "
          + table
          + " ("
          + names
          + ") VALUES ("
          + parameters
          + ") ON CONFLICT ("
          + String.join(", ", keys)
          + ") DO UPDATE SET "
          + columns.stream()
              .map(
                  column ->
                      column.name()
                          + " = "
                          + column
                              .combine()
                              .expression(table + "." + column.name(), "EXCLUDED." + column.name()))
              .collect(Collectors.joining(", "));
      case MARIADB -> "INSERT INTO "
          + table
          + " ("
          + names
          + ") VALUES ("
          + parameters
          + ") ON DUPLICATE KEY UPDATE "
          + columns.stream()
              .map(
                  column ->
                      column.name()
                          + " = "
                          + column
                              .combine()
                              .expression(column.name(), "VALUES(" + column.name() + ")"))
              .collect(Collectors.joining(", "));
      case H2 -> "MERGE INTO "
          + table
          + " t USING (VALUES ("
          + parameters
          + ")) s ("
          + names
          + ") ON "
          + keys.stream()
              .map(key -> "t." + key + " = s." + key)
              .collect(Collectors.joining(" AND "))
          + " WHEN MATCHED THEN UPDATE SET "
          + columns.stream()
              .map(
                  column ->
                      column.name()
                          + " = "
                          + column.combine().expression("t." + column.name(), "s." + column.name()))
              .collect(Collectors.joining(", "))
          + " WHEN NOT MATCHED THEN INSERT ("
          + names
          + ") VALUES ("
          + all.stream().map(name -> "s." + name).collect(Collectors.joining(", "))
          + ")";
    };
  }
}
