package ai.devdox.models.queue;

import ai.devdox.models.entity.RegistryStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A won claim: the handle of one attempt row of {@code queue_processing_registry}, which this
 * worker now drives to its end.
 *
 * <pre>{@code
 * claim.start();                 // in_progress
 * claim.step("file_cloned");     // any number of steps
 * claim.complete();              // completed, step "done"
 * // or: claim.fail();  claim.retry();  (optionally with the message's new queue id)
 * }</pre>
 *
 * <p>Each call updates the row and its {@code updated_at} (the server's clock). A claim made with
 * {@link QueueClaims#tryClaim(String, String, String)} runs each call in a transaction of its own
 * (one round trip: the update commits at once, except behind a transaction pooler with a
 * statement timeout, see {@link QueueClaims});
 * one made with {@link QueueClaims#tryClaim(jakarta.persistence.EntityManager, String, String,
 * String)} runs it in the transaction that entity manager has at the time of the call.
 *
 * <p>An attempt changes only while it is pending or in progress: once completed, failed or retry,
 * it is history, and a further call throws {@link IllegalStateException} naming the attempt and
 * its status, except that repeating the call that ended it is accepted and changes nothing (so a
 * call can be repeated after a {@link ClaimConnectionException}). A new attempt needs a new
 * claim. Calls on one claim are meant for one thread at a time.
 */
public final class Claim {

  private final Transactions transactions;
  private final boolean autoCommit;
  private final RegistrySql sql;
  private final UUID id;
  private final String workerId;
  private final String queueName;
  private final UUID previousAttemptId;
  private final Instant claimedAt;
  private volatile String messageId;

  /**
   * @param autoCommit whether a call in a transaction of its own may run in auto-commit (one
   *     round trip), see {@link QueueClaims}
   */
  Claim(
      Transactions transactions,
      boolean autoCommit,
      RegistrySql sql,
      UUID id,
      String workerId,
      String messageId,
      String queueName,
      UUID previousAttemptId,
      Instant claimedAt) {
    this.transactions = transactions;
    this.autoCommit = autoCommit;
    this.sql = sql;
    this.id = id;
    this.workerId = workerId;
    this.messageId = messageId;
    this.queueName = queueName;
    this.previousAttemptId = previousAttemptId;
    this.claimedAt = claimedAt;
  }

  /** The id of this attempt's row. */
  public UUID id() {
    return id;
  }

  /** The worker that holds the claim ({@code claimed_by}). */
  public String workerId() {
    return workerId;
  }

  /** The message id; a new one after {@link #fail(String)} or {@link #retry(String)}. */
  public String messageId() {
    return messageId;
  }

  /** The queue the message came from. */
  public String queueName() {
    return queueName;
  }

  /** The attempt this one follows ({@code previous_message_id}), or null for a first attempt. */
  public UUID previousAttemptId() {
    return previousAttemptId;
  }

  /** When the claim was made, by the server's clock ({@code claimed_at}). */
  public Instant claimedAt() {
    return claimedAt;
  }

  /** Marks the attempt {@code in_progress}. Calling it again while in progress changes nothing. */
  public void start() {
    change(
        "starting",
        sql.start,
        statement -> statement.setObject(1, id),
        row -> RegistryStatus.IN_PROGRESS.word().equals(row.statusWord()));
  }

  /**
   * Records how far the work has got ({@code step}), keeping the status.
   *
   * @param step the step name, e.g. {@code "file_cloned"}; not blank
   */
  public void step(String step) {
    requireText(step, "step", "the name of the step the work has reached, e.g. \"file_cloned\"");
    change(
        "setting step '" + step + "' of",
        sql.step,
        statement -> {
          statement.setString(1, step);
          statement.setObject(2, id);
        },
        row -> isActive(row) && step.equals(row.step()));
  }

  /** Ends the attempt as {@code completed}, step {@code done}: the message is done. */
  public void complete() {
    change(
        "completing",
        sql.complete,
        statement -> statement.setObject(1, id),
        row -> RegistryStatus.COMPLETED.word().equals(row.statusWord())
            && "done".equals(row.step()));
  }

  /** Ends the attempt as {@code failed}; a later claim of the message may try again. */
  public void fail() {
    end(RegistryStatus.FAILED, null);
  }

  /**
   * Ends the attempt as {@code failed} and moves it to {@code newMessageId}, the id the queue gave
   * the message when it was sent again, so the next claim of that id follows this attempt.
   *
   * @param newMessageId the message's new id; not blank
   */
  public void fail(String newMessageId) {
    requireText(newMessageId, "newMessageId", "the message's new id in the queue");
    end(RegistryStatus.FAILED, newMessageId);
  }

  /** Ends the attempt as {@code retry}: the message should be processed again. */
  public void retry() {
    end(RegistryStatus.RETRY, null);
  }

  /**
   * Ends the attempt as {@code retry} and moves it to {@code newMessageId} (see {@link
   * #fail(String)}).
   *
   * @param newMessageId the message's new id; not blank
   */
  public void retry(String newMessageId) {
    requireText(newMessageId, "newMessageId", "the message's new id in the queue");
    end(RegistryStatus.RETRY, newMessageId);
  }

  private void end(RegistryStatus status, String newMessageId) {
    String targetMessageId = newMessageId == null ? messageId : newMessageId;
    change(
        status == RegistryStatus.FAILED ? "failing" : "marking for retry",
        sql.end,
        statement -> {
          statement.setString(1, status.word());
          statement.setString(2, newMessageId);
          statement.setObject(3, id);
        },
        row -> status.word().equals(row.statusWord())
            && targetMessageId.equals(row.messageId()));
    messageId = targetMessageId;
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /**
   * Runs one update of this attempt. When it matches no row, the row is read: already in the
   * requested end state is fine (a repeated call); otherwise the call is refused.
   */
  private void change(String verb, String update, Binder binder, Predicate<QueueAttempt> done) {
    String currentMessageId = messageId;
    Transactions.Action action = new Transactions.Action(verb, currentMessageId, id);
    Transactions.Work<Boolean> work =
        (connection, caller) -> {
          int updated;
          try (PreparedStatement statement = connection.prepareStatement(update)) {
            binder.bind(statement);
            updated = statement.executeUpdate();
          }
          if (updated == 1) {
            return Boolean.TRUE;
          }
          QueueAttempt row = read(connection);
          if (row == null) {
            throw new IllegalStateException(
                verb + " attempt " + id + " of message " + currentMessageId
                    + " refused: its row no longer exists (deleted, or the transaction that"
                    + " claimed it was rolled back)");
          }
          if (done.test(row)) {
            return Boolean.TRUE;
          }
          throw new IllegalStateException(
              verb + " attempt " + id + " of message " + currentMessageId
                  + " refused: the attempt is already '" + row.statusWord() + "' (step '"
                  + row.step() + "'); an attempt changes only while pending or in progress;"
                  + " claim the message again for a new attempt");
        };
    if (autoCommit) {
      // One UPDATE, committed at once; a refusal only reads. One round trip.
      transactions.runAutoCommit(
          action,
          work,
          connection -> {
            QueueAttempt row = read(connection);
            return row != null && done.test(row) ? Boolean.TRUE : null;
          });
    } else {
      transactions.run(
          action,
          work,
          result -> true,
          (connection, result) -> {
            QueueAttempt row = read(connection);
            return row != null && done.test(row);
          });
    }
  }

  private QueueAttempt read(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql.attempt)) {
      select.setObject(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? RegistrySql.readAttempt(row) : null;
      }
    }
  }

  private static boolean isActive(QueueAttempt row) {
    return RegistryStatus.PENDING.word().equals(row.statusWord())
        || RegistryStatus.IN_PROGRESS.word().equals(row.statusWord());
  }

  static void requireText(String value, String name, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          name + " must not be " + (value == null ? "null" : "blank") + "; pass " + what);
    }
  }

  @Override
  public String toString() {
    return "Claim{id=" + id + ", messageId=" + messageId + ", queueName=" + queueName
        + ", workerId=" + workerId + ", previousAttemptId=" + previousAttemptId + ", claimedAt="
        + claimedAt + "}";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Claim that && id.equals(that.id);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id);
  }
}
