package ai.devdox.models.tool;

import ai.devdox.models.bootstrap.ConnectionFailures;
import ai.devdox.models.bootstrap.DatabaseConfig;
import ai.devdox.models.bootstrap.EnvironmentConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.Driver;
import picocli.CommandLine.Option;

/** Where the database is: {@code --url}, {@code --user}, {@code --password}, {@code --schema}. */
final class ConnectionOptions {

  static final String PASSWORD_VARIABLE = EnvironmentConfig.PASSWORD;

  @Option(
      names = "--url",
      paramLabel = "<jdbc-url>",
      defaultValue = "${env:" + EnvironmentConfig.URL + "}",
      description = "JDBC URL of the database, jdbc:postgresql://host:port/database"
          + " (default: $" + EnvironmentConfig.URL + ").")
  String url;

  @Option(
      names = "--user",
      defaultValue = "${env:" + EnvironmentConfig.USER + "}",
      description = "Database user (default: $" + EnvironmentConfig.USER + ").")
  String user;

  @Option(
      names = "--password",
      arity = "0..1",
      interactive = true,
      defaultValue = "${env:" + EnvironmentConfig.PASSWORD + "}",
      description = "Database password; without a value it is asked for"
          + " (default: $" + EnvironmentConfig.PASSWORD + ").")
  String password;

  @Option(
      names = "--schema",
      defaultValue = "${env:" + EnvironmentConfig.SCHEMA + "}",
      description = "Schema of the tables (default: $" + EnvironmentConfig.SCHEMA
          + ", else the current schema, usually public).")
  String schema;

  @Option(
      names = "--connect-timeout",
      paramLabel = "<seconds>",
      defaultValue = "10",
      description = "Seconds to wait for the server (default: ${DEFAULT-VALUE}).")
  int connectTimeoutSeconds;

  /** The checked configuration; bad values fail with a message naming them. */
  DatabaseConfig config(String command) {
    if (url == null || url.isBlank()) {
      throw new ToolException(
          command + " needs a database: give --url jdbc:postgresql://host:port/database (or set "
              + EnvironmentConfig.URL + ")");
    }
    return config(url, user, password, schema, connectTimeoutSeconds);
  }

  static DatabaseConfig config(
      String url, String user, String password, String schema, int connectTimeoutSeconds) {
    String trimmed = url.trim();
    if (trimmed.startsWith("postgres://") || trimmed.startsWith("postgresql://")) {
      throw new ToolException(
          "--url '" + Secrets.scrub(trimmed, new String[0]) + "' is a libpq URL, not a JDBC URL;"
              + " write it as jdbc:postgresql://host:port/database and give the user and password"
              + " with --user and --password");
    }
    if (connectTimeoutSeconds < 1) {
      throw new ToolException(
          "--connect-timeout is " + connectTimeoutSeconds + "; give a number of seconds, 1 or"
              + " more");
    }
    try {
      return DatabaseConfig.builder()
          .jdbcUrl(trimmed)
          .user(user == null || user.isBlank() ? null : user)
          .password(password)
          .schema(schema)
          .connectTimeout(Duration.ofSeconds(connectTimeoutSeconds))
          .build();
    } catch (IllegalArgumentException e) {
      throw new ToolException("--url: " + e.getMessage(), e);
    }
  }

  /**
   * Opens one connection for {@code config}; a failure is one sentence naming the server and the
   * problem ({@link ConnectionFailures}).
   */
  static Connection open(DatabaseConfig config) {
    Properties properties = new Properties();
    properties.putAll(config.jdbcProperties());
    if (config.user() != null) {
      properties.setProperty("user", config.user());
    }
    if (config.password() != null) {
      properties.setProperty("password", config.password());
    }
    properties.setProperty(
        "connectTimeout", String.valueOf(Math.max(1, config.connectTimeout().toSeconds())));
    properties.setProperty("ApplicationName", "devdox-schema-tool");
    try {
      // The driver itself, not DriverManager: under exec:java the project's classes live in a
      // class loader DriverManager may not search.
      Connection connection = new Driver().connect(config.jdbcUrl(), properties);
      if (connection == null) {
        throw new ToolException(
            "--url '" + config.describeTarget() + "' is not a PostgreSQL JDBC URL; use"
                + " jdbc:postgresql://host:port/database");
      }
      return connection;
    } catch (SQLException e) {
      throw ConnectionFailures.explain(config, e, "--user and --password");
    }
  }
}
