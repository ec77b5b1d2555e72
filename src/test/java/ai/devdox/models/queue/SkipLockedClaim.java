package ai.devdox.models.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The claim as {@code SELECT ... FOR UPDATE SKIP LOCKED} on the latest attempt, then an insert
 * guarded by "no attempt follows it yet", with the partial unique index as the safety net.
 *
 * <p>The row lock serializes the claims that follow one previous attempt: the holder's insert is
 * committed before the lock is released, and the next holder's insert statement takes a fresh
 * snapshot, sees it and inserts nothing. A claim that finds the latest attempt locked gives up at
 * once (lost race). A first attempt has no row to lock; it is guarded like {@link
 * GuardedInsertClaim}: the index, then the competitor check.
 */
final class SkipLockedClaim implements ClaimAlgorithm {

  @Override
  public String name() {
    return "skip locked";
  }

  @Override
  public Outcome attempt(
      Connection connection, RegistrySql sql, ClaimRequest request, boolean savepoint)
      throws SQLException {
    String lock =
        "WITH latest AS (SELECT id FROM " + sql.table + " WHERE message_id = ? ORDER BY "
            + RegistrySql.LATEST_FIRST + " LIMIT 1)"
            + " SELECT latest.id, locked.status, locked.claimed_by, locked.at, locked.updated_at,"
            + " current_setting('transaction_isolation')"
            + " FROM (SELECT 1) AS one LEFT JOIN latest ON true"
            + " LEFT JOIN LATERAL (SELECT t.status, t.claimed_by,"
            + " coalesce(t.claimed_at, t.updated_at) AS at, t.updated_at FROM " + sql.table
            + " AS t WHERE t.id = latest.id FOR UPDATE SKIP LOCKED) AS locked ON true";
    UUID latestId;
    String status;
    String claimedBy;
    OffsetDateTime latestAt;
    OffsetDateTime latestUpdatedAt;
    String isolation;
    try (PreparedStatement select = connection.prepareStatement(lock)) {
      select.setString(1, request.messageId());
      try (ResultSet row = select.executeQuery()) {
        row.next();
        latestId = row.getObject(1, UUID.class);
        status = row.getString(2);
        claimedBy = row.getString(3);
        latestAt = row.getObject(4, OffsetDateTime.class);
        latestUpdatedAt = row.getObject(5, OffsetDateTime.class);
        isolation = row.getString(6);
      }
    }
    if (latestId != null && status == null) {
      return Outcome.lostRace(request.messageId(), isolation);
    }
    ClaimResult.NotClaimed refusal =
        ClaimAlgorithm.refusalFor(request.messageId(), latestId, status, claimedBy);
    if (refusal != null) {
      return Outcome.refused(refusal, isolation);
    }
    String insert =
        "INSERT INTO " + sql.table + " (" + RegistrySql.COLUMNS + ")"
            + " SELECT ?::uuid, ?, ?, ?, 'start', 'pending', ?::uuid, stamp.at, stamp.at"
            + " FROM (SELECT greatest(clock_timestamp(), ?::timestamptz + interval '1 microsecond',"
            + " ?::timestamptz + interval '1 microsecond') AS at) AS stamp"
            + (latestId == null
                ? " WHERE NOT EXISTS (SELECT 1 FROM " + sql.table + " WHERE message_id = ?)"
                : " WHERE NOT EXISTS (SELECT 1 FROM " + sql.table
                    + " WHERE message_id = ? AND previous_message_id = ?::uuid)")
            + " RETURNING claimed_at";
    OffsetDateTime claimedAt = null;
    try (PreparedStatement statement = connection.prepareStatement(insert)) {
      statement.setObject(1, request.attemptId());
      statement.setString(2, request.messageId());
      statement.setString(3, request.queueName());
      statement.setString(4, request.workerId());
      statement.setObject(5, latestId);
      statement.setObject(6, latestAt, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
      statement.setObject(7, latestUpdatedAt, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
      statement.setString(8, request.messageId());
      if (latestId != null) {
        statement.setObject(9, latestId);
      }
      try (ResultSet row = statement.executeQuery()) {
        if (row.next()) {
          claimedAt = row.getObject(1, OffsetDateTime.class);
        }
      }
    }
    if (claimedAt == null
        || (latestId == null
            && GuardedInsertClaim.competitorExists(connection, sql, request, null))) {
      return Outcome.lostRace(request.messageId(), isolation);
    }
    return Outcome.won(latestId, claimedAt.toInstant(), isolation);
  }
}
