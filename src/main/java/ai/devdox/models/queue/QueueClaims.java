package ai.devdox.models.queue;

import ai.devdox.models.bootstrap.DevdoxDatabase;
import ai.devdox.models.queue.ClaimAlgorithm.ClaimRequest;
import ai.devdox.models.queue.ClaimAlgorithm.Outcome;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The claim protocol of {@code queue_processing_registry}: a worker that receives a queue message
 * claims it here before working on it, and at most one worker wins, however many there are.
 *
 * <pre>{@code
 * QueueClaims claims = QueueClaims.of(database);          // a DevdoxDatabase
 * ClaimResult result = claims.tryClaim("worker-7", messageId, "processing");
 * if (result instanceof ClaimResult.Claimed won) {
 *   Claim claim = won.claim();
 *   claim.start();
 *   ...
 *   claim.complete();
 * }
 * }</pre>
 *
 * <h2>The rules</h2>
 *
 * A message may be claimed when it has no attempt yet, or when its latest attempt is {@code
 * failed} or {@code retry}. The latest attempt is the one with the newest {@code claimed_at} (its
 * {@code updated_at} when it has none), then the newest {@code updated_at}, then the largest id:
 * one order, the same on every call. A claim writes a new row: status {@code pending}, step
 * {@code start}, {@code claimed_by} the worker id, {@code claimed_at} the server's clock (and at
 * least one microsecond after the latest attempt, so the new row is the latest even against rows
 * written with a skewed clock), {@code previous_message_id} the latest attempt's id. Attempts are
 * matched by {@code message_id} alone, as the Python services and the unique index do; the queue
 * name is recorded, not matched.
 *
 * <p>Losing is a {@link ClaimResult.NotClaimed} with its {@link ClaimResult.Reason}, never an
 * exception. A lost race is recognised by SQLState {@code 23505} together with the index name
 * {@link ai.devdox.models.schema.CustomIndexes#QUEUE_ACTIVE_MESSAGE_INDEX} in the server's error
 * fields, never by the message text; any other integrity error propagates as Hibernate reports it
 * (a {@code ConstraintViolationException} carrying the driver's exception). A lost connection is a
 * {@link ClaimConnectionException}.
 *
 * <h2>Exactly once</h2>
 *
 * The claim is one statement that reads the latest attempt and inserts the new row only if the
 * message is free, guarded by the partial unique index, followed by a second statement that, on a
 * fresh snapshot, looks for a competing attempt following the same previous attempt and, if there
 * is one, deletes the new row again in the same transaction (the claim is withdrawn, nobody else
 * ever sees it). The index alone is not enough: the insert decides on the snapshot taken when it
 * starts, and a competitor that claims and then completes (or fails) the message in the meantime
 * no longer has an active row for the index to see. The check catches exactly that competitor, so
 * of any two competing claims the later one to reach the index always learns of the other. "Not
 * claimed" is therefore final: it means another claim was committed. This needs READ COMMITTED,
 * PostgreSQL's default; a claim in another isolation level is withdrawn and refused with {@link
 * IllegalStateException}.
 *
 * <p>Without that check the same test race (8 workers over 2,000 messages, half of the winners
 * completing at once) claimed 307 messages twice: a loser waiting in the index wakes up after the
 * winner has both committed its claim and completed it. A Java claim also withdraws in favour of a
 * committed Python claim found by the check; a Python worker, which relies on the index alone,
 * can still claim a second time in that window, which only a change on the Python side can close.
 *
 * <p>The two statements travel as one batch: a claim in a transaction of its own is one round
 * trip in auto-commit (pgjdbc sends the batch with a single Sync, which PostgreSQL runs as one
 * transaction). Behind a transaction pooler with a statement timeout, which is set per
 * transaction ({@link DevdoxDatabase#TIMEOUT_PER_TRANSACTION}), the claim runs in an explicit
 * transaction instead, so that the timeout covers it.
 *
 * <p>The alternative, {@code SELECT ... FOR UPDATE SKIP LOCKED} on the latest attempt with the
 * index as safety net, was built and measured too (the test {@code ClaimRateBenchmarkTest} prints
 * both; PostgreSQL 15 on a 2-core machine shared with other builds, means of 3 rounds; SKIP
 * LOCKED as an explicit transaction, since it must hold its lock before it decides):
 *
 * <table>
 *   <caption>Claims per second: guarded insert / SKIP LOCKED</caption>
 *   <tr><th>scenario</th><th>durable commits</th><th>synchronous_commit off</th></tr>
 *   <tr><td>1 worker</td><td>2051 / 1306</td><td>2900 / 1664</td></tr>
 *   <tr><td>8 workers, distinct messages</td><td>3959 / 2375</td><td>5233 / 2576</td></tr>
 *   <tr><td>8-way race, first claims</td><td>559 / 361</td><td>698 / 419</td></tr>
 *   <tr><td>8-way race after a failed attempt</td><td>573 / 596</td><td>714 / 535</td></tr>
 * </table>
 *
 * <p>SKIP LOCKED's losers leave at once instead of waiting for the winner's commit, which put it
 * ahead in races while the guarded insert took three round trips and commits were slow. That is
 * also why it is not exactly-once: its losers leave before the winner's claim is committed, and
 * when it then rolls back (a caller's transaction that fails, a connection that drops) nobody
 * holds the message while every other worker was told it is taken. The guarded insert's losers
 * wait for the winner's outcome, so its "not claimed" is final: it is the one of the two that
 * gives exactly-once, and the one used here.
 *
 * <h2>Two ways to run</h2>
 *
 * <ul>
 *   <li>Without an {@link EntityManager}: every claim, every {@link Claim} call and every history
 *       read runs in a short transaction of its own, on the factory given at construction (a
 *       claim: one round trip, see above).
 *   <li>With an {@link EntityManager} (a framework-managed one in Spring or Quarkus, or your own):
 *       the work joins the transaction that entity manager has, which must be active; it is never
 *       committed or rolled back here. The claim runs inside a savepoint, set and released in
 *       the same round trip as its statements, so a lost race leaves the caller's transaction
 *       usable; the claim only counts once the caller commits, and a
 *       competing claim of the same message waits until then, so keep such transactions short.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; share one per schema.
 */
public final class QueueClaims {

  static final String DEFAULT_SCHEMA_PROPERTY = "hibernate.default_schema";

  private final Transactions own;
  private final RegistrySql sql;
  private final ClaimAlgorithm algorithm;
  private final boolean autoCommit;

  QueueClaims(EntityManagerFactory entityManagerFactory, String schema, ClaimAlgorithm algorithm) {
    this.own =
        new Transactions.Own(Objects.requireNonNull(entityManagerFactory, "entityManagerFactory"));
    this.sql = new RegistrySql(schema);
    this.algorithm = algorithm;
    this.autoCommit =
        algorithm.commitsAnyOutcome()
            && !"true".equals(String.valueOf(entityManagerFactory.getProperties()
                .get(DevdoxDatabase.TIMEOUT_PER_TRANSACTION)));
  }

  /** Claims on the database and schema of {@code database}. */
  public static QueueClaims of(DevdoxDatabase database) {
    Objects.requireNonNull(database, "database");
    return of(database.entityManagerFactory(), database.config().schema());
  }

  /**
   * Claims through {@code entityManagerFactory}, in the schema it maps the entities to (its {@code
   * hibernate.default_schema} property), or in the connection's search path when it sets none.
   */
  public static QueueClaims of(EntityManagerFactory entityManagerFactory) {
    Objects.requireNonNull(entityManagerFactory, "entityManagerFactory");
    Object schema = entityManagerFactory.getProperties().get(DEFAULT_SCHEMA_PROPERTY);
    return of(entityManagerFactory, schema == null ? null : schema.toString());
  }

  /**
   * Claims through {@code entityManagerFactory} on the table in {@code schema}.
   *
   * @param schema the schema of {@code queue_processing_registry}; null or blank for the
   *     connection's search path ({@code public} by default)
   */
  public static QueueClaims of(EntityManagerFactory entityManagerFactory, String schema) {
    if (schema != null && schema.indexOf('\u0000') >= 0) {
      throw new IllegalArgumentException("schema name contains a NUL character");
    }
    return new QueueClaims(entityManagerFactory, schema, new GuardedInsertClaim());
  }

  /** The schema of the table, or null for the connection's search path. */
  public String schema() {
    return sql.schema;
  }

  /**
   * Tries to claim message {@code messageId} of queue {@code queueName} for worker {@code
   * workerId}, in a transaction of its own.
   *
   * @return {@link ClaimResult.Claimed} with the new attempt's handle, or {@link
   *     ClaimResult.NotClaimed} with the reason
   * @throws IllegalArgumentException when an argument is null or blank
   * @throws ClaimConnectionException when the connection fails; no claim was made, unless its
   *     {@link ClaimConnectionException#isOutcomeUnknown()} says that could not be checked
   */
  public ClaimResult tryClaim(String workerId, String messageId, String queueName) {
    return claim(own, workerId, messageId, queueName);
  }

  /**
   * Tries to claim the message inside the transaction {@code entityManager} has; see the class
   * description. Nothing is committed or rolled back here; when the caller's transaction rolls
   * back, so does the claim.
   *
   * @throws IllegalStateException when the entity manager has no active transaction, or its
   *     isolation level is not READ COMMITTED
   * @throws ClaimConnectionException when the connection fails (and with it the caller's
   *     transaction)
   */
  public ClaimResult tryClaim(
      EntityManager entityManager, String workerId, String messageId, String queueName) {
    Objects.requireNonNull(entityManager, "entityManager");
    return claim(new Transactions.Callers(entityManager), workerId, messageId, queueName);
  }

  /**
   * Every attempt of message {@code messageId}, oldest first (the reverse of the latest-attempt
   * order), read in a transaction of its own.
   */
  public List<QueueAttempt> history(String messageId) {
    return history(own, messageId);
  }

  /** Every attempt of message {@code messageId}, oldest first, read in the caller's transaction. */
  public List<QueueAttempt> history(EntityManager entityManager, String messageId) {
    Objects.requireNonNull(entityManager, "entityManager");
    return history(new Transactions.Callers(entityManager), messageId);
  }

  private ClaimResult claim(
      Transactions transactions, String workerId, String messageId, String queueName) {
    Claim.requireText(workerId, "workerId", "the id of the worker that will process the message");
    Claim.requireText(messageId, "messageId", "the id of the message the queue delivered");
    Claim.requireText(queueName, "queueName", "the name of the queue the message came from");
    ClaimRequest request = new ClaimRequest(workerId, messageId, queueName, UUID.randomUUID());
    Transactions.Action action =
        new Transactions.Action("claiming", messageId, request.attemptId());
    Transactions.Work<Outcome> work =
        (connection, caller) -> ClaimProcedure.run(connection, caller, algorithm, sql, request);
    Outcome outcome =
        autoCommit
            ? transactions.runAutoCommit(
                action, work, connection -> wonBefore(connection, request.attemptId()))
            : transactions.run(
                action,
                work,
                Outcome::isWon,
                (connection, result) -> wonBefore(connection, request.attemptId()) != null);
    if (!outcome.isWon()) {
      return outcome.refusal();
    }
    return new ClaimResult.Claimed(
        new Claim(
            transactions,
            autoCommit,
            sql,
            request.attemptId(),
            workerId,
            messageId,
            queueName,
            outcome.previousAttemptId(),
            outcome.claimedAt()));
  }

  private List<QueueAttempt> history(Transactions transactions, String messageId) {
    Claim.requireText(messageId, "messageId", "the id of the message");
    return transactions.run(
        new Transactions.Action("reading the history of", messageId, null),
        (connection, caller) -> {
          List<QueueAttempt> attempts = new ArrayList<>();
          try (PreparedStatement select = connection.prepareStatement(sql.history)) {
            select.setString(1, messageId);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                attempts.add(RegistrySql.readAttempt(rows));
              }
            }
          }
          return List.copyOf(attempts);
        },
        attempts -> false,
        null);
  }

  /**
   * The claim that wrote attempt {@code attemptId}, read back after a lost connection, or null
   * when there is no such row (the claim was not made, or withdrawn).
   */
  private Outcome wonBefore(Connection connection, UUID attemptId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql.attempt)) {
      select.setObject(1, attemptId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return null;
        }
        QueueAttempt attempt = RegistrySql.readAttempt(row);
        return Outcome.won(attempt.previousAttemptId(), attempt.claimedAt(), null);
      }
    }
  }

  /** The algorithm in use, for reports. */
  String algorithmName() {
    return algorithm.name();
  }

  @Override
  public String toString() {
    return "QueueClaims{schema=" + (sql.schema == null ? "(search path)" : sql.schema)
        + ", algorithm=" + algorithm.name() + "}";
  }
}
