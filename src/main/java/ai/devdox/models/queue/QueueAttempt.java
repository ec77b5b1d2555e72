package ai.devdox.models.queue;

import ai.devdox.models.entity.RegistryStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * One attempt of a message, one row of {@code queue_processing_registry}, as read by {@link
 * QueueClaims#history(String)}. A plain value read with JDBC, so it never clashes with entities
 * an {@code EntityManager} already holds.
 *
 * @param id the row id
 * @param messageId {@code message_id}
 * @param queueName {@code queue_name}
 * @param claimedBy {@code claimed_by}, the worker id, or null
 * @param step {@code step}
 * @param statusWord {@code status} exactly as stored
 * @param previousAttemptId {@code previous_message_id}: the attempt this one follows, or null
 * @param claimedAt {@code claimed_at}, or null
 * @param updatedAt {@code updated_at}
 */
public record QueueAttempt(
    UUID id,
    String messageId,
    String queueName,
    String claimedBy,
    String step,
    String statusWord,
    UUID previousAttemptId,
    Instant claimedAt,
    Instant updatedAt) {

  /**
   * The status.
   *
   * @throws IllegalStateException naming the row and the word when the word is not one of {@link
   *     RegistryStatus}'s
   */
  public RegistryStatus status() {
    try {
      return RegistryStatus.fromWord(statusWord);
    } catch (IllegalArgumentException unknown) {
      throw new IllegalStateException(
          "queue_processing_registry row " + id + " has status '" + statusWord
              + "', which this library does not know; read it with statusWord()",
          unknown);
    }
  }
}
