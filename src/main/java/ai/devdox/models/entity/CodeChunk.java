package ai.devdox.models.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.ColumnDefault;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;

/**
 * One fragment of a repository's code with its embedding. Table {@code code_chunks}.
 *
 * <p>{@code repo_id} holds the text form of the {@link Repo} id. The table has no
 * {@code updated_at}: chunks are written once per commit and deleted with their repo.
 */
@Entity
@Table(name = "code_chunks")
public class CodeChunk {

  @Id
  @Column(name = "id", nullable = false, updatable = false)
  private UUID id = Ids.newId();

  @NotNull @Size(max = 255)
  @Column(name = "user_id", length = 255, nullable = false)
  private String userId;

  /** Text form of the owning {@link Repo}'s id. */
  @NotNull @Size(max = 255)
  @Column(name = "repo_id", length = 255, nullable = false)
  private String repoId;

  @NotNull
  @Column(name = "content", columnDefinition = Ids.TEXT, nullable = false)
  private String content;

  /** The chunk's vector: a JSON array of IEEE doubles (768 from the current model), or null. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Mutability(JsonMutability.class)
  @Column(name = "embedding")
  private List<Double> embedding;

  /** A JSON object of arbitrary keys; {@code {}} when there is nothing to say. */
  @NotNull
  @JdbcTypeCode(SqlTypes.JSON)
  @Mutability(JsonMutability.class)
  @Column(name = "metadata", nullable = false)
  private Map<String, Object> metadata = new LinkedHashMap<>();

  @NotNull @Size(max = 255)
  @Column(name = "file_name", length = 255, nullable = false)
  private String fileName;

  @NotNull @Size(max = 255)
  @Column(name = "file_path", length = 255, nullable = false)
  private String filePath;

  @Column(name = "file_size", nullable = false)
  private int fileSize;

  @NotNull @Size(max = 255)
  @Column(name = "commit_number", length = 255, nullable = false)
  private String commitNumber;

  @ColumnDefault("CURRENT_TIMESTAMP")
  @Column(name = "created_at", columnDefinition = Ids.TIMESTAMPTZ, nullable = false, updatable = false)
  private Instant createdAt;

  public CodeChunk() {}

  @PrePersist
  void onInsert() {
    requireJsonNumbers(embedding);
    if (createdAt == null) {
      createdAt = Ids.now();
    }
  }

  /** The list may have been changed in place since {@link #setEmbedding}: check it again. */
  @PreUpdate
  void onUpdate() {
    requireJsonNumbers(embedding);
  }

  /**
   * Refuses an embedding JSON cannot hold: NaN and the infinities have no JSON form (Jackson would
   * write them as strings the Python services cannot read as numbers), and a null element is not a
   * number either.
   */
  static void requireJsonNumbers(List<Double> embedding) {
    if (embedding == null) {
      return;
    }
    for (int i = 0; i < embedding.size(); i++) {
      Double value = embedding.get(i);
      if (value == null || value.isNaN() || value.isInfinite()) {
        throw new IllegalArgumentException(
            "code_chunks.embedding[" + i + "] is " + value + " (of " + embedding.size()
                + " values); an embedding is a JSON array of finite numbers, and JSON cannot hold"
                + " NaN, infinity or null there. Nothing was written: fix the embedding (or leave it"
                + " null) and save again");
      }
    }
  }

  public UUID getId() {
    return id;
  }

  public void setId(UUID id) {
    this.id = id;
  }

  public String getUserId() {
    return userId;
  }

  public void setUserId(String userId) {
    this.userId = userId;
  }

  public String getRepoId() {
    return repoId;
  }

  public void setRepoId(String repoId) {
    this.repoId = repoId;
  }

  public String getContent() {
    return content;
  }

  public void setContent(String content) {
    this.content = content;
  }

  public List<Double> getEmbedding() {
    return embedding;
  }

  /**
   * Sets the vector.
   *
   * @throws IllegalArgumentException naming the index when a value is NaN, infinite or null, which
   *     JSON cannot hold; the same check runs again before the row is inserted or updated
   */
  public void setEmbedding(List<Double> embedding) {
    requireJsonNumbers(embedding);
    this.embedding = embedding;
  }

  public Map<String, Object> getMetadata() {
    return metadata;
  }

  public void setMetadata(Map<String, Object> metadata) {
    this.metadata = metadata;
  }

  public String getFileName() {
    return fileName;
  }

  public void setFileName(String fileName) {
    this.fileName = fileName;
  }

  public String getFilePath() {
    return filePath;
  }

  public void setFilePath(String filePath) {
    this.filePath = filePath;
  }

  public int getFileSize() {
    return fileSize;
  }

  public void setFileSize(int fileSize) {
    this.fileSize = fileSize;
  }

  public String getCommitNumber() {
    return commitNumber;
  }

  public void setCommitNumber(String commitNumber) {
    this.commitNumber = commitNumber;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(Instant createdAt) {
    this.createdAt = createdAt;
  }

  @Override
  public boolean equals(Object other) {
    return this == other
        || (other instanceof CodeChunk that && id != null && id.equals(that.getId()));
  }

  @Override
  public int hashCode() {
    return CodeChunk.class.hashCode();
  }

  @Override
  public String toString() {
    return "CodeChunk{id=" + id + ", userId=" + userId + ", repoId=" + repoId + ", filePath="
        + filePath + ", fileName=" + fileName + ", commitNumber=" + commitNumber
        + ", embeddingSize=" + (embedding == null ? "null" : embedding.size()) + ", createdAt="
        + createdAt + "}";
  }
}
