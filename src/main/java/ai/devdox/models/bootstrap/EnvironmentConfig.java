package ai.devdox.models.bootstrap;

import java.time.Duration;
import java.util.function.Function;

/**
 * Reads a {@link DatabaseConfig} from environment variables:
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>meaning</th></tr>
 *   <tr><td>{@code DEVDOX_DB_URL}</td><td>full JDBC URL (wins over host, port and name)</td></tr>
 *   <tr><td>{@code DEVDOX_DB_HOST}</td><td>host</td></tr>
 *   <tr><td>{@code DEVDOX_DB_PORT}</td><td>port (default 5432)</td></tr>
 *   <tr><td>{@code DEVDOX_DB_NAME}</td><td>database name</td></tr>
 *   <tr><td>{@code DEVDOX_DB_USER}</td><td>user</td></tr>
 *   <tr><td>{@code DEVDOX_DB_PASSWORD}</td><td>password</td></tr>
 *   <tr><td>{@code DEVDOX_DB_SCHEMA}</td><td>schema (default {@code public})</td></tr>
 *   <tr><td>{@code DEVDOX_DB_POOL_MIN}</td><td>idle connections kept (default 1)</td></tr>
 *   <tr><td>{@code DEVDOX_DB_POOL_MAX}</td><td>most connections (default 10)</td></tr>
 *   <tr><td>{@code DEVDOX_DB_SSLMODE}</td><td>pgjdbc sslmode word</td></tr>
 *   <tr><td>{@code DEVDOX_DB_SCHEMA_ACTION}</td><td>none, validate or create-missing</td></tr>
 *   <tr><td>{@code DEVDOX_DB_TRANSACTION_POOLER}</td><td>true behind a transaction pooler</td></tr>
 *   <tr><td>{@code DEVDOX_DB_STATEMENT_TIMEOUT_MS}</td><td>statement timeout in ms</td></tr>
 * </table>
 */
public final class EnvironmentConfig {

  public static final String URL = "DEVDOX_DB_URL";
  public static final String HOST = "DEVDOX_DB_HOST";
  public static final String PORT = "DEVDOX_DB_PORT";
  public static final String NAME = "DEVDOX_DB_NAME";
  public static final String USER = "DEVDOX_DB_USER";
  public static final String PASSWORD = "DEVDOX_DB_PASSWORD";
  public static final String SCHEMA = "DEVDOX_DB_SCHEMA";
  public static final String POOL_MIN = "DEVDOX_DB_POOL_MIN";
  public static final String POOL_MAX = "DEVDOX_DB_POOL_MAX";
  public static final String SSLMODE = "DEVDOX_DB_SSLMODE";
  public static final String SCHEMA_ACTION = "DEVDOX_DB_SCHEMA_ACTION";
  public static final String TRANSACTION_POOLER = "DEVDOX_DB_TRANSACTION_POOLER";
  public static final String STATEMENT_TIMEOUT_MS = "DEVDOX_DB_STATEMENT_TIMEOUT_MS";

  private EnvironmentConfig() {}

  static DatabaseConfig.Builder read(Function<String, String> env) {
    DatabaseConfig.Builder builder = DatabaseConfig.builder();
    String url = value(env, URL);
    if (url != null) {
      builder.jdbcUrl(url);
    } else {
      String host = value(env, HOST);
      if (host == null) {
        throw new IllegalArgumentException(
            "neither " + URL + " nor " + HOST + " is set; set " + URL
                + "=jdbc:postgresql://host:port/database, or " + HOST + " and " + NAME);
      }
      builder.host(host).database(value(env, NAME));
      String port = value(env, PORT);
      if (port != null) {
        builder.port(integer(PORT, port));
      }
    }
    builder.user(value(env, USER)).password(env.apply(PASSWORD)).schema(value(env, SCHEMA));
    String poolMin = value(env, POOL_MIN);
    if (poolMin != null) {
      builder.poolMin(integer(POOL_MIN, poolMin));
    }
    String poolMax = value(env, POOL_MAX);
    if (poolMax != null) {
      builder.poolMax(integer(POOL_MAX, poolMax));
    }
    String sslMode = value(env, SSLMODE);
    if (sslMode != null) {
      builder.sslMode(sslMode);
    }
    String action = value(env, SCHEMA_ACTION);
    if (action != null) {
      builder.schemaAction(SchemaAction.parse(action));
    }
    String pooler = value(env, TRANSACTION_POOLER);
    if (pooler != null) {
      if (!pooler.equalsIgnoreCase("true") && !pooler.equalsIgnoreCase("false")) {
        throw new IllegalArgumentException(
            TRANSACTION_POOLER + " is '" + pooler + "'; use true or false");
      }
      builder.transactionPooler(Boolean.parseBoolean(pooler));
    }
    String timeout = value(env, STATEMENT_TIMEOUT_MS);
    if (timeout != null) {
      builder.statementTimeout(Duration.ofMillis(integer(STATEMENT_TIMEOUT_MS, timeout)));
    }
    return builder;
  }

  private static String value(Function<String, String> env, String name) {
    String value = env.apply(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is '" + value + "'; give a whole number");
    }
  }
}
