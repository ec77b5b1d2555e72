package ai.devdox.models.queue;

import ai.devdox.models.queue.ClaimAlgorithm.ClaimRequest;
import ai.devdox.models.queue.ClaimAlgorithm.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One claim on a connection: the algorithm, the lost-race rule and, in the caller's transaction,
 * the savepoint that keeps a lost race from aborting the caller's work.
 *
 * <p>The savepoint is set, released and rolled back to with SQL statements, not with {@link
 * Connection#setSavepoint()} and {@link Connection#rollback(java.sql.Savepoint)}: pools that
 * enlist connections in JTA transactions intercept those calls. Agroal (Quarkus) refuses {@code
 * rollback(Savepoint)} on an enlisted connection ("Attempting to rollback while enlisted in a
 * transaction") and marks the connection to be discarded, so every refused claim in a Quarkus
 * transaction would fail. PostgreSQL itself allows savepoints in any transaction block, including
 * the one a JTA transaction drives, and the statements leave that transaction as it was.
 */
final class ClaimProcedure {

  /**
   * The savepoint's name. Claims never nest; should the caller use the same name, PostgreSQL
   * resolves it to the newest savepoint, which is the claim's, and the caller's is visible again
   * once the claim's is released or rolled back to.
   */
  static final String SAVEPOINT = "devdox_claim";

  /**
   * Back to the savepoint, then gone: a rolled-back savepoint stays defined, and a worker that is
   * refused many times in one transaction would otherwise pile up subtransactions.
   */
  private static final String UNDO =
      "ROLLBACK TO SAVEPOINT " + SAVEPOINT + "; RELEASE SAVEPOINT " + SAVEPOINT;

  private ClaimProcedure() {}

  /**
   * Runs {@code algorithm} on {@code connection}. With {@code savepoint}, the claim runs inside a
   * savepoint and the caller's transaction stays usable whatever the outcome: a failed statement
   * is undone to the savepoint, and a claim that is not won leaves nothing (withdrawn by the
   * algorithm's own statements, or undone to the savepoint here). Without, the caller of this
   * method commits or rolls back its own transaction.
   */
  static Outcome run(
      Connection connection,
      boolean savepoint,
      ClaimAlgorithm algorithm,
      RegistrySql sql,
      ClaimRequest request)
      throws SQLException {
    boolean separateSavepoint = savepoint && !algorithm.setsSavepoint();
    if (separateSavepoint) {
      execute(connection, "SAVEPOINT " + SAVEPOINT);
    }
    Outcome outcome;
    try {
      outcome = algorithm.attempt(connection, sql, request, savepoint && !separateSavepoint);
    } catch (SQLException e) {
      if (Faults.isConnectionFault(e)) {
        throw e;
      }
      boolean undone = undo(connection, savepoint, e);
      if (Faults.isLostRace(e) && (!savepoint || undone)) {
        return Outcome.lostRace(request.messageId(), null);
      }
      if (undone) {
        // The caller's transaction is healthy again; the failure must not reach Hibernate's
        // statement bookkeeping, which would mark that transaction for rollback.
        throw new UndoneFailure(e);
      }
      throw e;
    } catch (RuntimeException | Error e) {
      // An algorithm that sets its own savepoint has released it once its statements ran, and
      // only then can it fail this way: rolling back to it would abort the caller's transaction.
      undo(connection, separateSavepoint, e);
      throw e;
    }
    try {
      requireReadCommitted(outcome.isolation(), request, savepoint);
    } catch (IllegalStateException e) {
      // Withdrawn already by an algorithm that commits any outcome; undone here otherwise.
      undo(connection, separateSavepoint, e);
      throw e;
    }
    if (separateSavepoint) {
      execute(connection, outcome.isWon() ? "RELEASE SAVEPOINT " + SAVEPOINT : UNDO);
    }
    return outcome;
  }

  /** Rolls back to the savepoint, if one was set; whether that happened. */
  private static boolean undo(Connection connection, boolean savepoint, Throwable cause) {
    if (!savepoint) {
      return false;
    }
    try {
      execute(connection, UNDO);
      return true;
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
      return false;
    }
  }

  private static void execute(Connection connection, String savepointSql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(savepointSql);
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
