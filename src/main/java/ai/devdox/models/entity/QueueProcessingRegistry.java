package ai.devdox.models.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.ColumnDefault;

/**
 * One attempt to process a queue message. Table {@code queue_processing_registry}.
 *
 * <p>The attempts of one message form a chain through {@code previous_message_id}. At most one
 * attempt per {@code message_id} may be active (pending or in progress): the partial unique index
 * in {@link ai.devdox.models.schema.CustomIndexes} enforces it.
 *
 * <p>The status is kept as the stored word, so a row written by another service with a word this
 * library does not know still loads and is written back unchanged; {@link #getStatus()} names the
 * row and the word when it cannot map it.
 */
@Entity
@Table(
    name = "queue_processing_registry",
    indexes =
        @Index(name = "idx_queue_proce_message_10f9ee", columnList = "message_id, queue_name"))
public class QueueProcessingRegistry {

  @Id
  @Column(name = "id", nullable = false, updatable = false)
  private UUID id = Ids.newId();

  @NotNull
  @Column(name = "message_id", columnDefinition = Ids.TEXT, nullable = false)
  private String messageId;

  @NotNull
  @Column(name = "queue_name", columnDefinition = Ids.TEXT, nullable = false)
  private String queueName;

  @Column(name = "claimed_by", columnDefinition = Ids.TEXT)
  private String claimedBy;

  @NotNull
  @Column(name = "step", columnDefinition = Ids.TEXT, nullable = false)
  private String step;

  @NotNull @Size(max = 30)
  @Column(name = "status", length = 30, nullable = false)
  private String status;

  /** The id of the attempt this one follows, or null for a first attempt. */
  @Column(name = "previous_message_id")
  private UUID previousMessageId;

  @Column(name = "claimed_at", columnDefinition = Ids.TIMESTAMPTZ)
  private Instant claimedAt;

  @ColumnDefault("CURRENT_TIMESTAMP")
  @Column(name = "updated_at", columnDefinition = Ids.TIMESTAMPTZ, nullable = false)
  private Instant updatedAt;

  public QueueProcessingRegistry() {}

  @PrePersist
  void onInsert() {
    updatedAt = Ids.now();
  }

  @PreUpdate
  void onUpdate() {
    updatedAt = Ids.now();
  }

  public UUID getId() {
    return id;
  }

  public void setId(UUID id) {
    this.id = id;
  }

  public String getMessageId() {
    return messageId;
  }

  public void setMessageId(String messageId) {
    this.messageId = messageId;
  }

  public String getQueueName() {
    return queueName;
  }

  public void setQueueName(String queueName) {
    this.queueName = queueName;
  }

  public String getClaimedBy() {
    return claimedBy;
  }

  public void setClaimedBy(String claimedBy) {
    this.claimedBy = claimedBy;
  }

  public String getStep() {
    return step;
  }

  public void setStep(String step) {
    this.step = step;
  }

  /**
   * The status.
   *
   * @throws IllegalStateException naming the table, this row's id and the stored word when the
   *     word is not one of {@link RegistryStatus}'s (another service wrote it); the row itself is
   *     untouched, and {@link #getStatusWord()} still returns the word
   */
  public RegistryStatus getStatus() {
    if (status == null) {
      return null;
    }
    try {
      return RegistryStatus.fromWord(status);
    } catch (IllegalArgumentException unknown) {
      throw new IllegalStateException(
          "queue_processing_registry row " + id + " has status '" + status
              + "', which this library does not know (known: pending, in_progress, retry, failed,"
              + " completed); read it with getStatusWord() or upgrade the library",
          unknown);
    }
  }

  public void setStatus(RegistryStatus status) {
    this.status = Objects.requireNonNull(status, "status").word();
  }

  /** The status word exactly as stored, known to this library or not. */
  public String getStatusWord() {
    return status;
  }

  public UUID getPreviousMessageId() {
    return previousMessageId;
  }

  public void setPreviousMessageId(UUID previousMessageId) {
    this.previousMessageId = previousMessageId;
  }

  public Instant getClaimedAt() {
    return claimedAt;
  }

  public void setClaimedAt(Instant claimedAt) {
    this.claimedAt = claimedAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  @Override
  public boolean equals(Object other) {
    return this == other
        || (other instanceof QueueProcessingRegistry that
            && id != null
            && id.equals(that.getId()));
  }

  @Override
  public int hashCode() {
    return QueueProcessingRegistry.class.hashCode();
  }

  @Override
  public String toString() {
    return "QueueProcessingRegistry{id=" + id + ", messageId=" + messageId + ", queueName="
        + queueName + ", claimedBy=" + claimedBy + ", step=" + step + ", status=" + status
        + ", previousMessageId=" + previousMessageId + ", claimedAt=" + claimedAt
        + ", updatedAt=" + updatedAt + "}";
  }
}
