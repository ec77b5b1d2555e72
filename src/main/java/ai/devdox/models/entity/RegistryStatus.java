package ai.devdox.models.entity;

/**
 * The status of one processing attempt in {@code queue_processing_registry}, stored as its
 * lowercase word ({@link #word()}), exactly as the Python services write it.
 */
public enum RegistryStatus {
  PENDING("pending"),
  IN_PROGRESS("in_progress"),
  RETRY("retry"),
  FAILED("failed"),
  COMPLETED("completed");

  private final String word;

  RegistryStatus(String word) {
    this.word = word;
  }

  /** The word stored in the {@code status} column. */
  public String word() {
    return word;
  }

  /** Whether an attempt in this status holds the message (the partial unique index covers it). */
  public boolean isActive() {
    return this == PENDING || this == IN_PROGRESS;
  }

  /**
   * The status stored as {@code word}.
   *
   * @throws IllegalArgumentException naming the word and the known words when it is none of them
   */
  public static RegistryStatus fromWord(String word) {
    for (RegistryStatus status : values()) {
      if (status.word.equals(word)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "unknown queue_processing_registry status '" + word
            + "'; known words: pending, in_progress, retry, failed, completed");
  }
}
