package ai.devdox.models.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The claim as one conditional insert guarded by the partial unique index, then a check for a
 * competing attempt committed meanwhile.
 *
 * <p>Why the check: the insert statement decides on its snapshot, taken when it starts. A
 * competitor whose claim commits after that snapshot is caught by the index only while its
 * attempt is still active; if it was also completed (or failed) before the index looked, the
 * index sees nothing. Such a competitor's row is then committed before the check's fresh
 * snapshot (READ COMMITTED: one per statement), and it follows the same previous attempt, so the
 * check finds it and this claim is withdrawn. Whichever of two competing rows reaches the index
 * second thus always learns of the first: through the index (waiting for its transaction to end,
 * then a unique violation) or through the check.
 */
final class GuardedInsertClaim implements ClaimAlgorithm {

  @Override
  public String name() {
    return "guarded insert";
  }

  @Override
  public Outcome attempt(Connection connection, RegistrySql sql, ClaimRequest request)
      throws SQLException {
    UUID latestId;
    String latestStatus;
    String latestClaimedBy;
    OffsetDateTime claimedAt;
    String isolation;
    try (PreparedStatement claim = connection.prepareStatement(sql.claim)) {
      claim.setString(1, request.messageId());
      claim.setObject(2, request.attemptId());
      claim.setString(3, request.messageId());
      claim.setString(4, request.queueName());
      claim.setString(5, request.workerId());
      try (ResultSet row = claim.executeQuery()) {
        row.next();
        latestId = row.getObject(1, UUID.class);
        latestStatus = row.getString(2);
        latestClaimedBy = row.getString(3);
        claimedAt = row.getObject(4, OffsetDateTime.class);
        isolation = row.getString(5);
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
    if (competitorExists(connection, sql, request, latestId)) {
      return Outcome.lostRace(request.messageId(), isolation);
    }
    return Outcome.won(latestId, claimedAt.toInstant(), isolation);
  }

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
