package ai.devdox.models.queue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Predicate;
import org.hibernate.Session;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the protocol's statements run: in transactions of their own ({@link Own}) or in the
 * transaction an {@link EntityManager} already has ({@link Callers}), which is never committed or
 * rolled back here. Both turn a lost connection into {@link ClaimConnectionException}.
 */
abstract class Transactions {

  private static final Logger LOG = LoggerFactory.getLogger(QueueClaims.class);

  /** JDBC work on the transaction's connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection, boolean callerTransaction) throws SQLException;
  }

  /** After a commit failed on a lost connection: whether, seen on a new one, it went through. */
  @FunctionalInterface
  interface CommitCheck<T> {
    boolean committed(Connection connection, T result) throws SQLException;
  }

  /**
   * After work in auto-commit lost its connection: what it left, read on a new connection, or
   * null when it left nothing.
   */
  @FunctionalInterface
  interface Recovery<T> {
    T recover(Connection connection) throws SQLException;
  }

  /** What is being done, for messages: "claiming", "completing", ... */
  record Action(String verb, String messageId, UUID attemptId) {

    /** "claiming message m-1 (attempt ...)". */
    String describe() {
      return verb + " message " + messageId
          + (attemptId == null ? "" : " (attempt " + attemptId + ")");
    }
  }

  /**
   * Runs {@code work}. In a transaction of its own, commits when {@code keep} accepts the result
   * and rolls back otherwise; when the commit fails on a lost connection, {@code check} decides on
   * a new connection whether it went through (the result is returned) or not.
   */
  abstract <T> T run(Action action, Work<T> work, Predicate<T> keep, CommitCheck<T> check);

  /**
   * Runs {@code work}, whose statements leave the database consistent in every outcome, so that
   * each may commit at once: in auto-commit on a connection of its own (one round trip for a
   * batch of statements, which pgjdbc sends with a single Sync and PostgreSQL runs as one
   * transaction), or in the caller's transaction. When the connection is lost before the result
   * arrives, {@code recovery} reads on a new connection what the work left.
   */
  abstract <T> T runAutoCommit(Action action, Work<T> work, Recovery<T> recovery);

  static ClaimConnectionException connectionLost(Action action, Throwable failure) {
    return new ClaimConnectionException(
        "lost the connection to PostgreSQL while " + action.describe() + ": "
            + Faults.describe(failure)
            + (action.attemptId() == null ? "" : "; nothing was written"),
        action.messageId(),
        action.attemptId(),
        false,
        failure);
  }

  static RuntimeException translate(Action action, RuntimeException failure) {
    if (failure instanceof ClaimConnectionException || !Faults.isConnectionFault(failure)) {
      return failure;
    }
    return connectionLost(action, failure);
  }

  /** Transactions of its own, one per call, from an entity manager factory. */
  static final class Own extends Transactions {

    private final EntityManagerFactory entityManagerFactory;

    Own(EntityManagerFactory entityManagerFactory) {
      this.entityManagerFactory = entityManagerFactory;
    }

    @Override
    <T> T run(Action action, Work<T> work, Predicate<T> keep, CommitCheck<T> check) {
      EntityManager em = open(action);
      try {
        EntityTransaction transaction = em.getTransaction();
        T result;
        try {
          transaction.begin();
          result =
              em.unwrap(Session.class).doReturningWork(connection -> work.run(connection, false));
        } catch (RuntimeException e) {
          rollback(transaction, e);
          throw translate(action, e);
        } catch (Error e) {
          rollback(transaction, e);
          throw e;
        }
        if (!keep.test(result)) {
          rollback(transaction, null);
          return result;
        }
        try {
          transaction.commit();
          return result;
        } catch (RuntimeException e) {
          if (!Faults.isConnectionFault(e)) {
            throw e;
          }
          return afterLostCommit(action, result, check, e);
        }
      } finally {
        em.close();
      }
    }

    private EntityManager open(Action action) {
      try {
        return entityManagerFactory.createEntityManager();
      } catch (RuntimeException e) {
        throw translate(action, e);
      }
    }

    @Override
    <T> T runAutoCommit(Action action, Work<T> work, Recovery<T> recovery) {
      EntityManager em = open(action);
      boolean[] connected = {false};
      try {
        return em.unwrap(Session.class)
            .doReturningWork(
                connection -> {
                  connected[0] = true;
                  return inAutoCommit(connection, work);
                });
      } catch (RuntimeException e) {
        if (!connected[0]) {
          // No connection (an exhausted pool, a server that refuses): nothing was sent.
          throw translate(action, e);
        }
        if (!Faults.isConnectionFault(e)) {
          throw e;
        }
        return recover("while " + action.describe(), action, recovery, e);
      } finally {
        em.close();
      }
    }

    /**
     * Runs {@code work} with auto-commit on, and puts the connection back as it was: the pool
     * may hand out connections with auto-commit off, and a session that has not begun a
     * transaction has nothing open on them.
     */
    private static <T> T inAutoCommit(Connection connection, Work<T> work) throws SQLException {
      if (connection.getAutoCommit()) {
        return work.run(connection, false);
      }
      connection.setAutoCommit(true);
      T result;
      try {
        result = work.run(connection, false);
      } catch (SQLException | RuntimeException | Error e) {
        try {
          connection.setAutoCommit(false);
        } catch (SQLException restoreFailure) {
          e.addSuppressed(restoreFailure);
        }
        throw e;
      }
      connection.setAutoCommit(false);
      return result;
    }

    private <T> T afterLostCommit(
        Action action, T result, CommitCheck<T> check, RuntimeException failure) {
      return recover(
          "while committing after " + action.describe(),
          action,
          connection -> check.committed(connection, result) ? result : null,
          failure);
    }

    /**
     * What a lost connection left, read on a new one: the result when the work went through,
     * otherwise a {@link ClaimConnectionException} saying whether nothing was written or that
     * it could not be checked.
     */
    private <T> T recover(
        String when, Action action, Recovery<T> recovery, RuntimeException failure) {
      T recovered;
      try {
        recovered =
            run(
                new Action("checking the outcome of", action.messageId(), action.attemptId()),
                (connection, caller) -> recovery.recover(connection),
                ignored -> false,
                null);
      } catch (RuntimeException lookupFailure) {
        failure.addSuppressed(lookupFailure);
        throw new ClaimConnectionException(
            "lost the connection to PostgreSQL " + when + ": " + Faults.describe(failure)
                + "; whether it went through could not be checked ("
                + Faults.describe(lookupFailure) + "): look for attempt " + action.attemptId()
                + " in the message's history when the database is back",
            action.messageId(),
            action.attemptId(),
            true,
            failure);
      }
      if (recovered != null) {
        LOG.warn(
            "The connection to PostgreSQL was lost {}; a new connection shows it went through",
            when);
        return recovered;
      }
      throw new ClaimConnectionException(
          "lost the connection to PostgreSQL " + when + ": " + Faults.describe(failure)
              + "; checked on a new connection: nothing was written",
          action.messageId(),
          action.attemptId(),
          false,
          failure);
    }

    private static void rollback(EntityTransaction transaction, Throwable cause) {
      try {
        if (transaction.isActive()) {
          transaction.rollback();
        }
      } catch (RuntimeException rollbackFailure) {
        // On a lost connection the server has already rolled back; nothing else can be done.
        if (cause != null) {
          cause.addSuppressed(rollbackFailure);
        } else if (!Faults.isConnectionFault(rollbackFailure)) {
          throw rollbackFailure;
        }
      }
    }
  }

  /** The transaction of the caller's entity manager, which must have one. */
  static final class Callers extends Transactions {

    private final EntityManager entityManager;

    Callers(EntityManager entityManager) {
      this.entityManager = entityManager;
    }

    @Override
    <T> T run(Action action, Work<T> work, Predicate<T> keep, CommitCheck<T> check) {
      boolean joined;
      try {
        joined = entityManager.isJoinedToTransaction();
      } catch (RuntimeException e) {
        throw translate(action, e);
      }
      if (!joined) {
        throw new IllegalStateException(
            "no active transaction on this EntityManager for " + action.verb() + " message "
                + action.messageId() + "; call inside a"
                + " transaction (for example a @Transactional method), or use the QueueClaims"
                + " methods without an EntityManager, which run their own transactions");
      }
      try {
        return entityManager
            .unwrap(Session.class)
            .doReturningWork(connection -> work.run(connection, true));
      } catch (ClaimProcedure.UndoneFailure undone) {
        // The same exception Hibernate makes of a failed statement, without marking the caller's
        // transaction for rollback: the savepoint has already undone the statement.
        throw entityManager
            .unwrap(SharedSessionContractImplementor.class)
            .getJdbcServices()
            .getSqlExceptionHelper()
            .convert(undone.failure(), "error " + action.describe());
      } catch (RuntimeException e) {
        throw translate(action, e);
      }
    }

    @Override
    <T> T runAutoCommit(Action action, Work<T> work, Recovery<T> recovery) {
      return run(action, work, result -> true, null);
    }
  }
}
