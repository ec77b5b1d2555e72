package ai.devdox.models.queue;

import ai.devdox.models.schema.SqlNames;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The SQL of the claim protocol, with the table placed in one schema. */
final class RegistrySql {

  static final String TABLE = "queue_processing_registry";

  /**
   * The latest attempt first: newest claim time (the update time for a row without one), then
   * newest update, then the larger id, so ties are broken the same way on every call.
   */
  static final String LATEST_FIRST =
      "coalesce(claimed_at, updated_at) DESC, updated_at DESC, id DESC";

  /** The exact reverse of {@link #LATEST_FIRST}: a message's chain, oldest first. */
  static final String OLDEST_FIRST = "coalesce(claimed_at, updated_at), updated_at, id";

  static final String ACTIVE = "status IN ('pending', 'in_progress')";

  static final String COLUMNS =
      "id, message_id, queue_name, claimed_by, step, status, previous_message_id, claimed_at,"
          + " updated_at";

  final String schema;
  final String table;

  /**
   * One statement: read the latest attempt, insert the new one when the latest is absent, failed
   * or retry, and report both. The new attempt's time is the server's clock, but at least one
   * microsecond after the latest attempt's, so it sorts as the latest even against rows written
   * with another clock. Parameters: message id, new id, message id, queue name, worker id.
   */
  final String claim;

  /**
   * The claim and its withdrawal as one batch of two statements, sent in one round trip and
   * committed (or rolled back) together: {@link #claim}, then {@link #withdraw}. Parameters: those
   * of {@link #claim}, then the new id.
   */
  final String claimBatch;

  /**
   * {@link #claimBatch} between {@code SAVEPOINT} and {@code RELEASE SAVEPOINT} of {@link
   * ClaimProcedure#SAVEPOINT}, for a claim in the caller's transaction. Same parameters.
   */
  final String claimBatchInSavepoint;

  /**
   * Deletes the new attempt again when another attempt of the message follows the same previous
   * attempt (a competing claim, committed before this statement's snapshot), or when the
   * transaction is not READ COMMITTED (the check would then read an old snapshot). Returns the id
   * and the isolation level when it deleted the row. Parameter: the new id.
   */
  final String withdraw;

  /**
   * Another attempt following the same previous attempt (or, for a first attempt, another first
   * attempt): a competing claim. Parameters: message id, own id, previous id.
   */
  final String competitor;

  final String firstCompetitor;

  final String attempt;
  final String history;

  final String start;
  final String step;
  final String complete;
  final String end;

  RegistrySql(String schema) {
    this.schema = schema == null || schema.isBlank() ? null : schema;
    this.table = (this.schema == null ? "" : SqlNames.quote(this.schema) + ".") + TABLE;
    this.claim =
        "WITH latest AS ("
            + "SELECT id, status, claimed_by, coalesce(claimed_at, updated_at) AS at, updated_at"
            + " FROM " + table + " WHERE message_id = ? ORDER BY " + LATEST_FIRST + " LIMIT 1),"
            + " inserted AS ("
            + "INSERT INTO " + table + " (" + COLUMNS + ")"
            + " SELECT ?, ?, ?, ?, 'start', 'pending', latest.id, stamp.at, stamp.at"
            + " FROM (SELECT 1) AS one LEFT JOIN latest ON true"
            + " CROSS JOIN LATERAL (SELECT greatest(clock_timestamp(),"
            + " latest.at + interval '1 microsecond',"
            + " latest.updated_at + interval '1 microsecond') AS at) AS stamp"
            + " WHERE latest.id IS NULL OR latest.status IN ('failed', 'retry')"
            + " RETURNING claimed_at)"
            + " SELECT latest.id, latest.status, latest.claimed_by,"
            + " (SELECT claimed_at FROM inserted), current_setting('transaction_isolation')"
            + " FROM (SELECT 1) AS one LEFT JOIN latest ON true";
    this.withdraw =
        "DELETE FROM " + table + " AS mine WHERE mine.id = ? AND ("
            + "current_setting('transaction_isolation') NOT IN ('read committed',"
            + " 'read uncommitted')"
            + " OR EXISTS (SELECT 1 FROM " + table + " AS other"
            + " WHERE other.message_id = mine.message_id AND other.id <> mine.id"
            + " AND other.previous_message_id IS NOT DISTINCT FROM mine.previous_message_id))"
            + " RETURNING mine.id, current_setting('transaction_isolation')";
    this.claimBatch = claim + "; " + withdraw;
    this.claimBatchInSavepoint =
        "SAVEPOINT " + ClaimProcedure.SAVEPOINT + "; " + claimBatch + "; RELEASE SAVEPOINT "
            + ClaimProcedure.SAVEPOINT;
    this.competitor =
        "SELECT id FROM " + table
            + " WHERE message_id = ? AND id <> ? AND previous_message_id = ? LIMIT 1";
    this.firstCompetitor =
        "SELECT id FROM " + table
            + " WHERE message_id = ? AND id <> ? AND previous_message_id IS NULL LIMIT 1";
    this.attempt = "SELECT " + COLUMNS + " FROM " + table + " WHERE id = ?";
    this.history =
        "SELECT " + COLUMNS + " FROM " + table + " WHERE message_id = ? ORDER BY " + OLDEST_FIRST;
    this.start =
        "UPDATE " + table + " SET status = 'in_progress', updated_at = clock_timestamp()"
            + " WHERE id = ? AND " + ACTIVE;
    this.step =
        "UPDATE " + table + " SET step = ?, updated_at = clock_timestamp()"
            + " WHERE id = ? AND " + ACTIVE;
    this.complete =
        "UPDATE " + table + " SET status = 'completed', step = 'done',"
            + " updated_at = clock_timestamp() WHERE id = ? AND " + ACTIVE;
    this.end =
        "UPDATE " + table + " SET status = ?, message_id = coalesce(?, message_id),"
            + " updated_at = clock_timestamp() WHERE id = ? AND " + ACTIVE;
  }

  /** The row at the cursor, its columns in {@link #COLUMNS} order. */
  static QueueAttempt readAttempt(ResultSet row) throws SQLException {
    return new QueueAttempt(
        row.getObject(1, UUID.class),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getString(5),
        row.getString(6),
        row.getObject(7, UUID.class),
        instant(row.getObject(8, OffsetDateTime.class)),
        instant(row.getObject(9, OffsetDateTime.class)));
  }

  static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
