package ai.devdox.models.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * How one claim is decided and written on a connection. An implementation leaves at most the one
 * new row and never commits or rolls back: {@link ClaimProcedure} and {@link Transactions} do
 * that, and turn a unique violation of the active-message index into a lost race.
 */
interface ClaimAlgorithm {

  /** A name for reports and benchmarks. */
  String name();

  /**
   * Whether {@link #attempt} leaves the transaction fit to commit in every outcome (a lost race
   * by the index aside, which aborts it), so that a claim of its own may run in auto-commit
   * instead of an explicit transaction that is committed only when the claim is won.
   */
  default boolean commitsAnyOutcome() {
    return false;
  }

  /**
   * Whether {@link #attempt} sets and releases the claim's savepoint ({@link
   * ClaimProcedure#SAVEPOINT}) within its own statements when asked to, saving the round trips
   * of separate {@code SAVEPOINT} and {@code RELEASE} statements. Otherwise {@link
   * ClaimProcedure} runs the attempt between them.
   */
  default boolean setsSavepoint() {
    return false;
  }

  /**
   * Decides and, when the message is free, inserts the new attempt.
   *
   * @param savepoint whether the attempt is to run inside {@link ClaimProcedure#SAVEPOINT}, set
   *     and released by the attempt itself; only ever true when {@link #setsSavepoint()} is
   * @throws SQLException as the driver reports it, including a unique violation of the index
   */
  Outcome attempt(Connection connection, RegistrySql sql, ClaimRequest request, boolean savepoint)
      throws SQLException;

  /** What a claim asks for; {@code attemptId} is the id the new row gets if the claim is won. */
  record ClaimRequest(String workerId, String messageId, String queueName, UUID attemptId) {}

  /**
   * The decision: won (claimedAt set) or refused ({@code refusal} set); {@code isolation} is the
   * transaction's isolation level as PostgreSQL names it.
   */
  record Outcome(
      UUID previousAttemptId,
      Instant claimedAt,
      ClaimResult.NotClaimed refusal,
      String isolation) {

    static Outcome won(UUID previousAttemptId, Instant claimedAt, String isolation) {
      return new Outcome(previousAttemptId, claimedAt, null, isolation);
    }

    static Outcome refused(ClaimResult.NotClaimed refusal, String isolation) {
      return new Outcome(null, null, refusal, isolation);
    }

    static Outcome lostRace(String messageId, String isolation) {
      return refused(
          new ClaimResult.NotClaimed(ClaimResult.Reason.LOST_RACE, messageId, null, null, null),
          isolation);
    }

    boolean isWon() {
      return refusal == null;
    }
  }

  /** The refusal for a latest attempt in {@code status}, or null when it may be followed. */
  static ClaimResult.NotClaimed refusalFor(
      String messageId, UUID latestId, String status, String claimedBy) {
    if (latestId == null || "failed".equals(status) || "retry".equals(status)) {
      return null;
    }
    ClaimResult.Reason reason =
        switch (status) {
          case "pending", "in_progress" -> ClaimResult.Reason.ACTIVE;
          case "completed" -> ClaimResult.Reason.COMPLETED;
          default -> ClaimResult.Reason.UNKNOWN_STATUS;
        };
    return new ClaimResult.NotClaimed(reason, messageId, latestId, status, claimedBy);
  }
}
