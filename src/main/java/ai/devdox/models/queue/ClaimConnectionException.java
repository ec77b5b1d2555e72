package ai.devdox.models.queue;

import java.util.UUID;

/**
 * The connection to PostgreSQL failed (closed, reset, or the server ended the session: SQLState
 * class {@code 08}, or {@code 57P01}..{@code 57P03}) while {@link QueueClaims} or a {@link Claim}
 * was working on a message. A lost race is never reported this way.
 *
 * <p>Nothing is ever half-written: a claim is one {@code INSERT} and each {@link Claim} call one
 * {@code UPDATE}, which the server commits or rolls back whole. When this exception is thrown,
 * the write did not happen: a fault before the commit makes the server roll it back, and after a
 * fault during the commit the row is read again on a new connection (written: the call returns
 * normally, as if nothing had happened; not written: this exception). Only if that check fails
 * too is {@link #isOutcomeUnknown()} true: then attempt {@link #attemptId()} may or may not be
 * written; look at {@link QueueClaims#history(String)} once the database is back. In the
 * caller's-transaction mode the caller's whole transaction is lost with its connection, and
 * nothing of it was committed.
 *
 * <p>The usual reaction is the one for any outage: leave the queue message unacknowledged, so it
 * is delivered again, and claim it again later.
 */
public class ClaimConnectionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String messageId;
  private final UUID attemptId;
  private final boolean outcomeUnknown;

  ClaimConnectionException(
      String message, String messageId, UUID attemptId, boolean outcomeUnknown, Throwable cause) {
    super(message, cause);
    this.messageId = messageId;
    this.attemptId = attemptId;
    this.outcomeUnknown = outcomeUnknown;
  }

  /** The message being claimed or worked on. */
  public String messageId() {
    return messageId;
  }

  /** The id of the attempt row being written or updated. */
  public UUID attemptId() {
    return attemptId;
  }

  /**
   * Whether the fault hit a commit and it could not be checked afterwards whether the commit went
   * through; false means the write is known not to have happened.
   */
  public boolean isOutcomeUnknown() {
    return outcomeUnknown;
  }
}
