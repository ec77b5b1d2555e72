package ai.devdox.models.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The indexes Jakarta Persistence cannot declare: today, the partial unique index that lets at
 * most one attempt per message be active in {@code queue_processing_registry}. The Java twin of
 * the Python package's {@code models/custom_indexes.py}.
 */
public final class CustomIndexes {

  /**
   * Name of the partial unique index on {@code queue_processing_registry (message_id)} for active
   * attempts. A unique violation (SQLState {@code 23505}) naming it means another worker holds the
   * message.
   */
  public static final String QUEUE_ACTIVE_MESSAGE_INDEX = "queue_processing_registry_message_id_idx";

  /** The predicate of {@link #QUEUE_ACTIVE_MESSAGE_INDEX}, as written in its SQL. */
  public static final String QUEUE_ACTIVE_MESSAGE_PREDICATE = "status IN ('pending', 'in_progress')";

  /** The SQL of {@link #QUEUE_ACTIVE_MESSAGE_INDEX} exactly as the schema contract gives it. */
  public static final String QUEUE_ACTIVE_MESSAGE_SQL =
      "CREATE UNIQUE INDEX " + QUEUE_ACTIVE_MESSAGE_INDEX + "\n"
          + "    ON queue_processing_registry (message_id)\n"
          + "    WHERE " + QUEUE_ACTIVE_MESSAGE_PREDICATE;

  /** Every custom index, each as one {@code CREATE INDEX} statement without a schema prefix. */
  public static final List<String> ALL = List.of(QUEUE_ACTIVE_MESSAGE_SQL);

  private CustomIndexes() {}

  /**
   * The statements of {@link #ALL}, made idempotent ({@code IF NOT EXISTS}) and placed in
   * {@code schema} when it is not null.
   */
  public static List<String> idempotentStatements(String schema) {
    return ALL.stream().map(sql -> idempotent(sql, schema)).toList();
  }

  /**
   * Creates every custom index that does not exist yet in {@code schema} (null: the connection's
   * search path), in one transaction. Safe to run any number of times.
   */
  public static void apply(DataSource dataSource, String schema) throws SQLException {
    Objects.requireNonNull(dataSource, "dataSource");
    try (Connection connection = dataSource.getConnection()) {
      apply(connection, schema);
    }
  }

  /**
   * Creates every custom index that does not exist yet in {@code schema} on {@code connection}. In
   * auto-commit mode the statements run in one transaction of their own; otherwise they join the
   * caller's transaction, which the caller commits.
   */
  public static void apply(Connection connection, String schema) throws SQLException {
    Objects.requireNonNull(connection, "connection");
    boolean ownTransaction = connection.getAutoCommit();
    if (ownTransaction) {
      connection.setAutoCommit(false);
    }
    try (Statement statement = connection.createStatement()) {
      for (String sql : idempotentStatements(schema)) {
        statement.execute(sql);
      }
      if (ownTransaction) {
        connection.commit();
      }
    } catch (SQLException e) {
      if (ownTransaction) {
        connection.rollback();
      }
      throw e;
    } finally {
      if (ownTransaction) {
        connection.setAutoCommit(true);
      }
    }
  }

  static String idempotent(String createIndexSql, String schema) {
    return qualified(
        createIndexSql.replaceFirst("^CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ")
            .replaceFirst("^CREATE INDEX ", "CREATE INDEX IF NOT EXISTS "),
        schema);
  }

  /** {@code createIndexSql} with its table placed in {@code schema} when that is not null. */
  static String qualified(String createIndexSql, String schema) {
    if (schema == null || schema.isBlank()) {
      return createIndexSql;
    }
    return createIndexSql.replaceFirst("\\bON (\\w+)", "ON " + SqlNames.quote(schema) + ".$1");
  }
}
