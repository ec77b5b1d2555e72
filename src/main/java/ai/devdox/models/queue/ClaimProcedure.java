package ai.devdox.models.queue;

import ai.devdox.models.queue.ClaimAlgorithm.ClaimRequest;
import ai.devdox.models.queue.ClaimAlgorithm.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * One claim on a connection: the algorithm, the lost-race rule and, in the caller's transaction,
 * the savepoint that keeps a lost race from aborting the caller's work.
 */
final class ClaimProcedure {

  private ClaimProcedure() {}

  /**
   * Runs {@code algorithm} on {@code connection}. With {@code savepoint}, everything it did is
   * undone to the savepoint unless the claim is won (the caller's transaction stays usable);
   * without, the caller of this method rolls back its own transaction when the claim is not won.
   */
  static Outcome run(
      Connection connection,
      boolean savepoint,
      ClaimAlgorithm algorithm,
      RegistrySql sql,
      ClaimRequest request)
      throws SQLException {
    Savepoint mark = savepoint ? connection.setSavepoint() : null;
    Outcome outcome;
    try {
      outcome = algorithm.attempt(connection, sql, request);
      requireReadCommitted(outcome.isolation(), request, savepoint);
    } catch (SQLException e) {
      if (Faults.isConnectionFault(e)) {
        throw e;
      }
      boolean undone = undo(connection, mark, e);
      if (Faults.isLostRace(e) && (mark == null || undone)) {
        return Outcome.lostRace(request.messageId(), null);
      }
      if (undone) {
        // The caller's transaction is healthy again; the failure must not reach Hibernate's
        // statement bookkeeping, which would mark that transaction for rollback.
        throw new UndoneFailure(e);
      }
      throw e;
    } catch (RuntimeException | Error e) {
      undo(connection, mark, e);
      throw e;
    }
    if (mark != null) {
      if (outcome.isWon()) {
        connection.releaseSavepoint(mark);
      } else {
        connection.rollback(mark);
      }
    }
    return outcome;
  }

  /** Rolls back to {@code mark}, if any; whether that happened. */
  private static boolean undo(Connection connection, Savepoint mark, Throwable cause) {
    if (mark == null) {
      return false;
    }
    try {
      connection.rollback(mark);
      return true;
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
      return false;
    }
  }

  /**
   * A statement failure whose effects were undone to the savepoint, carried past Hibernate to
   * {@link Transactions.Callers}, which reports it as Hibernate would.
   */
  static final class UndoneFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UndoneFailure(SQLException failure) {
      super(failure);
    }

    SQLException failure() {
      return (SQLException) getCause();
    }
  }

  /**
   * The competitor check needs a fresh snapshot per statement: under REPEATABLE READ or
   * SERIALIZABLE it would see the transaction's first snapshot and could miss a competitor.
   */
  private static void requireReadCommitted(
      String isolation, ClaimRequest request, boolean callerTransaction) {
    if (isolation == null
        || isolation.equals("read committed")
        || isolation.equals("read uncommitted")) {
      return;
    }
    throw new IllegalStateException(
        "cannot claim message " + request.messageId() + " in a transaction with isolation level '"
            + isolation + "': claims need READ COMMITTED (PostgreSQL's default) to see competing"
            + " claims; "
            + (callerTransaction
                ? "claim in a READ COMMITTED transaction, or use the QueueClaims methods without"
                    + " an EntityManager, which run their own transactions"
                : "the database or role sets default_transaction_isolation to another level;"
                    + " set it to 'read committed' for the role the workers use"));
  }
}
