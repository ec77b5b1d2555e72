package ai.devdox.models.queue;

import java.util.Objects;
import java.util.UUID;

/**
 * What {@link QueueClaims#tryClaim} got: either {@link Claimed} (this worker now holds the
 * message) or {@link NotClaimed} with the {@link Reason}. Not getting a message is a normal
 * outcome, never an exception.
 *
 * <pre>{@code
 * ClaimResult result = claims.tryClaim(workerId, messageId, queueName);
 * if (result instanceof ClaimResult.Claimed won) {
 *   Claim claim = won.claim();
 *   ...
 * }
 * }</pre>
 */
public sealed interface ClaimResult permits ClaimResult.Claimed, ClaimResult.NotClaimed {

  /** Whether this worker now holds the message. */
  boolean isClaimed();

  /** Why a message was not claimed. */
  enum Reason {
    /** The latest attempt is pending or in progress: someone (maybe this worker) holds it. */
    ACTIVE,
    /** The latest attempt completed: the message is done. */
    COMPLETED,
    /**
     * Another worker claimed the message at the same time and its claim was committed first; its
     * attempt is not visible yet to this worker, so the latest-attempt fields are null.
     */
    LOST_RACE,
    /**
     * The latest attempt has a status word this library does not know (another service wrote
     * it); only {@code failed} and {@code retry} attempts may be followed, so it is left alone.
     */
    UNKNOWN_STATUS
  }

  /**
   * The message is this worker's: a new attempt row was written (status {@code pending}, step
   * {@code start}); drive it through {@link #claim()}.
   *
   * @param claim the handle of the new attempt
   */
  record Claimed(Claim claim) implements ClaimResult {

    /** A won claim. */
    public Claimed {
      Objects.requireNonNull(claim, "claim");
    }

    @Override
    public boolean isClaimed() {
      return true;
    }
  }

  /**
   * The message was not claimed; nothing was written.
   *
   * @param reason why
   * @param messageId the message asked for
   * @param latestAttemptId the id of the latest attempt that made the message ineligible, or null
   *     ({@link Reason#LOST_RACE})
   * @param latestStatusWord that attempt's status word as stored, or null
   * @param latestClaimedBy the worker that made that attempt, or null
   */
  record NotClaimed(
      Reason reason,
      String messageId,
      UUID latestAttemptId,
      String latestStatusWord,
      String latestClaimedBy)
      implements ClaimResult {

    /** A refused claim. */
    public NotClaimed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(messageId, "messageId");
    }

    @Override
    public boolean isClaimed() {
      return false;
    }
  }
}
