package ai.devdox.models.queue;

import ai.devdox.models.schema.CustomIndexes;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Recognises the two failures the protocol treats specially: a lost race and a lost connection. */
final class Faults {

  static final String UNIQUE_VIOLATION = "23505";

  private Faults() {}

  /**
   * Whether {@code failure} is the partial unique index rejecting a second active attempt: SQLState
   * {@code 23505} and the index named exactly {@link CustomIndexes#QUEUE_ACTIVE_MESSAGE_INDEX} in
   * the server's error fields. The message text is never read: it is translated by the server's
   * {@code lc_messages}, and other indexes may have names that contain this one.
   */
  static boolean isLostRace(SQLException failure) {
    if (!UNIQUE_VIOLATION.equals(failure.getSQLState())) {
      return false;
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PSQLException psql) {
        ServerErrorMessage server = psql.getServerErrorMessage();
        return server != null
            && CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX.equals(server.getConstraint());
      }
    }
    return false;
  }

  /**
   * Whether {@code failure} (or a cause) says the connection is gone: SQLState class {@code 08},
   * the server ending the session ({@code 57P01} admin shutdown or terminate, {@code 57P02} crash,
   * {@code 57P03} cannot connect now), or the driver's connection exceptions.
   */
  static boolean isConnectionFault(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
            || state.equals("57P03")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The first line of the deepest SQL error in {@code failure}, for a message. */
  static String describe(Throwable failure) {
    Throwable source = failure;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException) {
        source = t;
      }
    }
    String text = String.valueOf(source.getMessage());
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    return source instanceof SQLException sql && sql.getSQLState() != null
        ? line + " (SQLState " + sql.getSQLState() + ")"
        : line;
  }
}
