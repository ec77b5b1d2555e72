package com.example.devdox;

import ai.devdox.models.bootstrap.DevdoxFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Fresh databases for the example's tests on the PostgreSQL server the library's suite uses:
 * {@code DEVDOX_TEST_JDBC_URL} (with {@code DEVDOX_TEST_USER} and {@code DEVDOX_TEST_PASSWORD}),
 * else {@code jdbc:postgresql://127.0.0.1:5432/postgres} as {@code postgres}. Each database is
 * dropped when the test JVM ends.
 */
final class ExampleDatabase {

  static final String FALLBACK_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

  private static ExampleDatabase shared;

  final String name;
  final String jdbcUrl;
  final String user;
  final String password;

  private ExampleDatabase(String name, String jdbcUrl, String user, String password) {
    this.name = name;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /** The database of this test run's application context, with the schema made by the library. */
  static synchronized ExampleDatabase shared() {
    if (shared == null) {
      shared = create("spring_boot_4");
      shared.createSchema();
    }
    return shared;
  }

  /** A new, empty database (no tables). */
  static ExampleDatabase create(String purpose) {
    String adminUrl = env("DEVDOX_TEST_JDBC_URL", FALLBACK_URL);
    String user = env("DEVDOX_TEST_USER", "postgres");
    String password = env("DEVDOX_TEST_PASSWORD", "");
    String name =
        ("devdox_example_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8))
            .toLowerCase(Locale.ROOT);
    try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create a test database on " + adminUrl + " as " + user + ": " + e.getMessage()
              + " (set DEVDOX_TEST_JDBC_URL, DEVDOX_TEST_USER, DEVDOX_TEST_PASSWORD)",
          e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(adminUrl, user, password, name)));
    return new ExampleDatabase(name, withDatabase(adminUrl, name), user, password);
  }

  /** The library's tables and indexes, then the service's own table, as a migration would. */
  void createSchema() {
    DevdoxFixture.createSchema(dataSource(), null);
    execute(WorkNote.CREATE_TABLE_SQL);
  }

  void execute(String sql) {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(jdbcUrl);
    dataSource.setUser(user);
    dataSource.setPassword(password);
    return dataSource;
  }

  private static void drop(String adminUrl, String user, String password, String name) {
    try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
        Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException ignored) {
      // best effort at JVM exit
    }
  }

  /** {@code url} with its database replaced by {@code database}, keeping host and parameters. */
  static String withDatabase(String url, String database) {
    int start = url.indexOf("//");
    int slash = url.indexOf('/', start + 2);
    if (start < 0 || slash < 0) {
      throw new IllegalArgumentException(
          "DEVDOX_TEST_JDBC_URL must look like jdbc:postgresql://host:port/database, not " + url);
    }
    int query = url.indexOf('?', slash);
    return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
