package ai.devdox.models.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The claim as one conditional insert guarded by the partial unique index, followed in the same
 * round trip by its withdrawal should a competing attempt have been committed meanwhile.
 *
 * <p>Why the withdrawal: the insert statement decides on its snapshot, taken when it starts. A
 * competitor whose claim commits after that snapshot is caught by the index only while its
 * attempt is still active; if it was also completed (or failed) before the index looked, the
 * index sees nothing. Such a competitor's row is then committed before the next statement's fresh
 * snapshot (READ COMMITTED: one per statement), and it follows the same previous attempt, so that
 * statement finds it and deletes the new row again, in the same transaction: nobody else ever
 * sees it. Whichever of two competing rows reaches the index second thus always learns of the
 * first: through the index (waiting for its transaction to end, then a unique violation) or
 * through the withdrawal.
 *
 * <p>Both statements go to the server as one batch: pgjdbc sends them with a single Sync, so
 * they also form one transaction when the connection is in auto-commit. The transaction is fit
 * to commit whatever the outcome, which lets a claim of its own cost one round trip. In a
 * caller's transaction the batch also sets and releases the claim's savepoint: one round trip
 * there too, and a second only to roll back to the savepoint after a lost race.
 */
final class GuardedInsertClaim implements ClaimAlgorithm {

  @Override
  public String name() {
    return "guarded insert";
  }

  @Override
  public boolean commitsAnyOutcome() {
    return true;
  }

  @Override
  public boolean setsSavepoint() {
    return true;
  }

  @Override
  public Outcome attempt(
      Connection connection, RegistrySql sql, ClaimRequest request, boolean savepoint)
      throws SQLException {
    UUID latestId;
    String latestStatus;
    String latestClaimedBy;
    OffsetDateTime claimedAt;
    String isolation;
    boolean withdrawn;
    try (PreparedStatement claim =
        connection.prepareStatement(savepoint ? sql.claimBatchInSavepoint : sql.claimBatch)) {
      claim.setString(1, request.messageId());
      claim.setObject(2, request.attemptId());
      claim.setString(3, request.messageId());
      claim.setString(4, request.queueName());
      claim.setString(5, request.workerId());
      claim.setObject(6, request.attemptId());
      claim.execute();
      if (savepoint) {
        claim.getMoreResults(); // past SAVEPOINT's empty result
      }
      try (ResultSet row = claim.getResultSet()) {
        row.next();
        latestId = row.getObject(1, UUID.class);
        latestStatus = row.getString(2);
        latestClaimedBy = row.getString(3);
        claimedAt = row.getObject(4, OffsetDateTime.class);
        isolation = row.getString(5);
      }
      claim.getMoreResults();
      try (ResultSet deleted = claim.getResultSet()) {
        withdrawn = deleted.next();
      }
    }
    if (claimedAt == null) {
      ClaimResult.NotClaimed refusal =
          ClaimAlgorithm.refusalFor(request.messageId(), latestId, latestStatus, latestClaimedBy);
      if (refusal == null) {
        throw new IllegalStateException(
            "the claim of message " + request.messageId() + " inserted no row although its latest"
                + " attempt is " + (latestId == null ? "absent" : latestStatus));
      }
      return Outcome.refused(refusal, isolation);
    }
    if (withdrawn) {
      return Outcome.lostRace(request.messageId(), isolation);
    }
    return Outcome.won(latestId, claimedAt.toInstant(), isolation);
  }

  /**
   * Whether another attempt follows {@code previousId} (or, when null, is another first attempt):
   * the check on its own, for algorithms that run it as a separate statement.
   */
  static boolean competitorExists(
      Connection connection, RegistrySql sql, ClaimRequest request, UUID previousId)
      throws SQLException {
    try (PreparedStatement check =
        connection.prepareStatement(previousId == null ? sql.firstCompetitor : sql.competitor)) {
      check.setString(1, request.messageId());
      check.setObject(2, request.attemptId());
      if (previousId != null) {
        check.setObject(3, previousId);
      }
      try (ResultSet rows = check.executeQuery()) {
        return rows.next();
      }
    }
  }
}
