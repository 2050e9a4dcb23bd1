package org.spamfree.core.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database of its own for one test class: an H2 file in a temporary directory, or a database with
 * a unique name created on the PostgreSQL or MariaDB server on 127.0.0.1 and dropped by {@link
 * #drop}. A server that cannot be reached skips the tests with a message naming the backend and the
 * URL tried, printed as a WARN too, so a skipped backend is never silent.
 */
public final class TestDatabase {

  private static final Logger LOGGER = LoggerFactory.getLogger(TestDatabase.class);

  /** PostgreSQL server of the test machine, trust authentication for the user postgres. */
  public static final String POSTGRESQL_SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres";

  /**
   * MariaDB server of the test machine, user root with an empty password. The server offers no TLS,
   * which MariaDB Connector/J 4 asks for unless {@code sslMode=disable}.
   */
  public static final String MARIADB_SERVER = "jdbc:mariadb://127.0.0.1:3306/?sslMode=disable";

  public final String url;
  public final String user;
  private final String serverUrl;
  private final String name;

  private TestDatabase(String url, String user, String serverUrl, String name) {
    this.url = url;
    this.user = user;
    this.serverUrl = serverUrl;
    this.name = name;
  }

  public static TestDatabase h2(Path directory) {
    return new TestDatabase(
        "jdbc:h2:file:" + directory.resolve("store").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE",
        "",
        null,
        null);
  }

  /** Creates a PostgreSQL database, or skips the calling test when the server is unreachable. */
  public static TestDatabase postgresql() {
    String name = uniqueName();
    execute("PostgreSQL", POSTGRESQL_SERVER, "postgres", "CREATE DATABASE " + name);
    return new TestDatabase(
        "jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", POSTGRESQL_SERVER, name);
  }

  /** Creates a MariaDB database, or skips the calling test when the server is unreachable. */
  public static TestDatabase mariadb() {
    String name = uniqueName();
    execute(
        "MariaDB",
        MARIADB_SERVER,
        "root",
        "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    return new TestDatabase(
        "jdbc:mariadb://127.0.0.1:3306/" + name + "?sslMode=disable", "root", MARIADB_SERVER, name);
  }

  /** Drops a server database; an H2 file goes with its temporary directory. */
  public void drop() {
    if (serverUrl == null) {
      return;
    }
    String force = serverUrl.startsWith("jdbc:postgresql:") ? " WITH (FORCE)" : "";
    execute(serverUrl, serverUrl, user, "DROP DATABASE IF EXISTS " + name + force);
  }

  private static String uniqueName() {
    return "spamfree_store_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static void execute(String backend, String serverUrl, String user, String sql) {
    try (Connection connection = DriverManager.getConnection(serverUrl, user, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      String message =
          "SKIPPED: "
              + backend
              + " store tests, no server at "
              + serverUrl
              + " as user "
              + user
              + " ("
              + e.getMessage()
              + ")";
      LOGGER.warn(message);
      System.err.println(message);
      assumeTrue(false, message);
    }
  }
}
