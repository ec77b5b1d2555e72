package ai.devdox.models.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.ColumnDefault;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;

/**
 * A Git repository a user connected, with the results of its analysis. Table {@code repo}.
 *
 * <p>{@code token_id} holds the text form of the {@link GitLabel} id used to access the repository;
 * {@link CodeChunk#getRepoId()} holds the text form of this entity's id.
 */
@Entity
@Table(
    name = "repo",
    uniqueConstraints =
        @UniqueConstraint(
            name = "uid_repo_user_id_a03d4e",
            columnNames = {"user_id", "repo_id"}),
    indexes = @Index(name = "idx_repo_user_id_05a4f0", columnList = "user_id, created_at"))
public class Repo {

  @Id
  @Column(name = "id", nullable = false, updatable = false)
  private UUID id = Ids.newId();

  @NotNull @Size(max = 255)
  @Column(name = "user_id", length = 255, nullable = false)
  private String userId;

  /** The repository's id at the Git provider. */
  @NotNull @Size(max = 255)
  @Column(name = "repo_id", length = 255, nullable = false)
  private String repoId;

  @NotNull @Size(max = 255)
  @Column(name = "repo_name", length = 255, nullable = false)
  private String repoName;

  @Column(name = "description", columnDefinition = Ids.TEXT)
  private String description;

  @NotNull @Size(max = 500)
  @Column(name = "html_url", length = 500, nullable = false)
  private String htmlUrl;

  @ColumnDefault("'main'")
  @NotNull @Size(max = 100)
  @Column(name = "default_branch", length = 100, nullable = false)
  private String defaultBranch = "main";

  @ColumnDefault("0")
  @Column(name = "forks_count", nullable = false)
  private int forksCount;

  @ColumnDefault("0")
  @Column(name = "stargazers_count", nullable = false)
  private int stargazersCount;

  @ColumnDefault("false")
  @Column(name = "is_private", nullable = false)
  private boolean privateRepo;

  @Size(max = 50)
  @Column(name = "visibility", length = 50)
  private String visibility;

  /** Text form of the {@link GitLabel} id whose token reaches this repository. */
  @Size(max = 255)
  @Column(name = "token_id", length = 255)
  private String tokenId;

  @ColumnDefault("CURRENT_TIMESTAMP")
  @Column(name = "created_at", columnDefinition = Ids.TIMESTAMPTZ, nullable = false, updatable = false)
  private Instant createdAt;

  @ColumnDefault("CURRENT_TIMESTAMP")
  @Column(name = "updated_at", columnDefinition = Ids.TIMESTAMPTZ, nullable = false)
  private Instant updatedAt;

  @Column(name = "repo_created_at", columnDefinition = Ids.TIMESTAMPTZ)
  private Instant repoCreatedAt;

  @Column(name = "repo_updated_at", columnDefinition = Ids.TIMESTAMPTZ)
  private Instant repoUpdatedAt;

  /** Language names, a JSON array such as {@code ["Python","Java"]}. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Mutability(JsonMutability.class)
  @Column(name = "language")
  private List<String> language;

  @Column(name = "size")
  private Integer size;

  @Size(max = 1024)
  @Column(name = "relative_path", length = 1024)
  private String relativePath;

  @ColumnDefault("0")
  @Column(name = "total_files", nullable = false)
  private int totalFiles;

  @ColumnDefault("0")
  @Column(name = "total_chunks", nullable = false)
  private int totalChunks;

  @Column(name = "processing_start_time", columnDefinition = Ids.TIMESTAMPTZ)
  private Instant processingStartTime;

  @Column(name = "processing_end_time", columnDefinition = Ids.TIMESTAMPTZ)
  private Instant processingEndTime;

  @Column(name = "error_message", columnDefinition = Ids.TEXT)
  private String errorMessage;

  @ColumnDefault("''")
  @NotNull @Size(max = 255)
  @Column(name = "last_commit", length = 255, nullable = false)
  private String lastCommit = "";

  @ColumnDefault("'pending'")
  @NotNull @Size(max = 255)
  @Column(name = "status", length = 255, nullable = false)
  private String status = "pending";

  @NotNull @Size(max = 100)
  @Column(name = "repo_alias_name", length = 100, nullable = false)
  private String repoAliasName;

  @Column(name = "repo_user_reference", columnDefinition = Ids.TEXT)
  private String repoUserReference;

  @Column(name = "repo_system_reference", columnDefinition = Ids.TEXT)
  private String repoSystemReference;

  public Repo() {}

  @PrePersist
  void onInsert() {
    Instant now = Ids.now();
    if (createdAt == null) {
      createdAt = now;
    }
    updatedAt = now;
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

  public String getRepoName() {
    return repoName;
  }

  public void setRepoName(String repoName) {
    this.repoName = repoName;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getHtmlUrl() {
    return htmlUrl;
  }

  public void setHtmlUrl(String htmlUrl) {
    this.htmlUrl = htmlUrl;
  }

  public String getDefaultBranch() {
    return defaultBranch;
  }

  public void setDefaultBranch(String defaultBranch) {
    this.defaultBranch = defaultBranch;
  }

  public int getForksCount() {
    return forksCount;
  }

  public void setForksCount(int forksCount) {
    this.forksCount = forksCount;
  }

  public int getStargazersCount() {
    return stargazersCount;
  }

  public void setStargazersCount(int stargazersCount) {
    this.stargazersCount = stargazersCount;
  }

  /** Column {@code is_private}. */
  public boolean isPrivate() {
    return privateRepo;
  }

  public void setPrivate(boolean privateRepo) {
    this.privateRepo = privateRepo;
  }

  public String getVisibility() {
    return visibility;
  }

  public void setVisibility(String visibility) {
    this.visibility = visibility;
  }

  public String getTokenId() {
    return tokenId;
  }

  public void setTokenId(String tokenId) {
    this.tokenId = tokenId;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(Instant createdAt) {
    this.createdAt = createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public Instant getRepoCreatedAt() {
    return repoCreatedAt;
  }

  public void setRepoCreatedAt(Instant repoCreatedAt) {
    this.repoCreatedAt = repoCreatedAt;
  }

  public Instant getRepoUpdatedAt() {
    return repoUpdatedAt;
  }

  public void setRepoUpdatedAt(Instant repoUpdatedAt) {
    this.repoUpdatedAt = repoUpdatedAt;
  }

  public List<String> getLanguage() {
    return language;
  }

  public void setLanguage(List<String> language) {
    this.language = language;
  }

  public Integer getSize() {
    return size;
  }

  public void setSize(Integer size) {
    this.size = size;
  }

  public String getRelativePath() {
    return relativePath;
  }

  public void setRelativePath(String relativePath) {
    this.relativePath = relativePath;
  }

  public int getTotalFiles() {
    return totalFiles;
  }

  public void setTotalFiles(int totalFiles) {
    this.totalFiles = totalFiles;
  }

  public int getTotalChunks() {
    return totalChunks;
  }

  public void setTotalChunks(int totalChunks) {
    this.totalChunks = totalChunks;
  }

  public Instant getProcessingStartTime() {
    return processingStartTime;
  }

  public void setProcessingStartTime(Instant processingStartTime) {
    this.processingStartTime = processingStartTime;
  }

  public Instant getProcessingEndTime() {
    return processingEndTime;
  }

  public void setProcessingEndTime(Instant processingEndTime) {
    this.processingEndTime = processingEndTime;
  }

  public String getErrorMessage() {
    return errorMessage;
  }

  public void setErrorMessage(String errorMessage) {
    this.errorMessage = errorMessage;
  }

  public String getLastCommit() {
    return lastCommit;
  }

  public void setLastCommit(String lastCommit) {
    this.lastCommit = lastCommit;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getRepoAliasName() {
    return repoAliasName;
  }

  public void setRepoAliasName(String repoAliasName) {
    this.repoAliasName = repoAliasName;
  }

  public String getRepoUserReference() {
    return repoUserReference;
  }

  public void setRepoUserReference(String repoUserReference) {
    this.repoUserReference = repoUserReference;
  }

  public String getRepoSystemReference() {
    return repoSystemReference;
  }

  public void setRepoSystemReference(String repoSystemReference) {
    this.repoSystemReference = repoSystemReference;
  }

  @Override
  public boolean equals(Object other) {
    return this == other || (other instanceof Repo that && id != null && id.equals(that.getId()));
  }

  @Override
  public int hashCode() {
    return Repo.class.hashCode();
  }

  @Override
  public String toString() {
    return "Repo{id=" + id + ", userId=" + userId + ", repoId=" + repoId + ", repoName="
        + repoName + ", repoAliasName=" + repoAliasName + ", status=" + status + ", tokenId="
        + tokenId + ", createdAt=" + createdAt + ", updatedAt=" + updatedAt + "}";
  }
}
