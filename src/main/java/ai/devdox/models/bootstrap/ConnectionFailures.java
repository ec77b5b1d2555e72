package ai.devdox.models.bootstrap;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * Turns a failed first connection into one sentence a person can act on: which server, which
 * problem (unknown host, refused connection, wrong credentials, missing database) and what to
 * check. The password never appears in it.
 */
public final class ConnectionFailures {

  private ConnectionFailures() {}

  static DevdoxDatabaseException explain(DatabaseConfig config, Throwable failure) {
    return explain(
        config, failure, EnvironmentConfig.USER + ", " + EnvironmentConfig.PASSWORD);
  }

  /**
   * The failure to connect with {@code config} as one sentence, wrapping {@code failure}.
   *
   * @param credentialsHint where the user and password come from, named in the message when the
   *     server refuses them (e.g. {@code --user and --password})
   */
  public static DevdoxDatabaseException explain(
      DatabaseConfig config, Throwable failure, String credentialsHint) {
    SQLException sql = find(failure, SQLException.class);
    String state = sql == null ? null : sql.getSQLState();
    String target = config.describeTarget();
    String message;
    if ("28P01".equals(state) || "28000".equals(state) || authenticationFailed(sql)) {
      message = "PostgreSQL refused the credentials for " + target
          + "; check the user and password (" + credentialsHint + ")";
    } else if ("3D000".equals(state)) {
      message = "database does not exist at " + target
          + "; create it or fix the database name";
    } else if (find(failure, UnknownHostException.class) != null) {
      message = "cannot reach PostgreSQL at " + target
          + ": unknown host; check the host name";
    } else if (find(failure, ConnectException.class) != null
        || find(failure, NoRouteToHostException.class) != null) {
      message = "cannot reach PostgreSQL at " + target
          + ": connection refused; check the host and port and that the server is running";
    } else if (find(failure, SocketTimeoutException.class) != null || "08001".equals(state)
        || "08006".equals(state) || "08004".equals(state)) {
      message = "cannot reach PostgreSQL at " + target + ": " + firstLine(sql, failure)
          + "; check the host, port, SSL mode and network";
    } else {
      message = "cannot connect to PostgreSQL at " + target + ": " + firstLine(sql, failure)
          + (state == null ? "" : " (SQLState " + state + ")");
    }
    return new DevdoxDatabaseException(JdbcUrls.redact(scrub(message, config)), failure);
  }

  /** PgBouncer reports a wrong password as 08P01 "SASL authentication failed". */
  private static boolean authenticationFailed(SQLException sql) {
    return sql != null && sql.getMessage() != null
        && sql.getMessage().contains("authentication failed");
  }

  /** Removes the password, should any driver ever echo it. */
  static String scrub(String text, DatabaseConfig config) {
    String password = config.password();
    if (text == null || password == null || password.isEmpty()) {
      return text;
    }
    return text.replace(password, "***")
        .replace(java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8), "***");
  }

  private static String firstLine(SQLException sql, Throwable failure) {
    Throwable source = sql != null ? sql : failure;
    String text = String.valueOf(source.getMessage());
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
