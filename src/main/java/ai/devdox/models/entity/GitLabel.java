package ai.devdox.models.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnDefault;
import org.hibernate.annotations.JavaType;

/**
 * A user's access credential for a Git hosting service. Table {@code git_label}.
 *
 * <p>{@code token_value} is an encrypted secret and is never printed by {@link #toString()};
 * {@code masked_token} is the display form. A repo refers to its label through
 * {@code repo.token_id}, the text form of this entity's id.
 */
@Entity
@Table(
    name = "git_label",
    uniqueConstraints =
        @UniqueConstraint(
            name = "uid_git_label_user_id_848e44",
            columnNames = {"user_id", "git_hosting", "masked_token"}))
public class GitLabel {

  @Id
  @Column(name = "id", nullable = false, updatable = false)
  private UUID id = Ids.newId();

  @NotNull @Size(max = 255)
  @Column(name = "user_id", length = 255, nullable = false)
  private String userId;

  @NotNull
  @Column(name = "label", columnDefinition = Ids.TEXT, nullable = false)
  private String label;

  @NotNull @Size(max = 50)
  @Column(name = "git_hosting", length = 50, nullable = false)
  private String gitHosting;

  @NotNull
  @Column(name = "username", columnDefinition = Ids.TEXT, nullable = false)
  private String username;

  /** The encrypted token. A secret: never logged. */
  @NotNull
  @JavaType(SecretStringJavaType.class)
  @Column(name = "token_value", columnDefinition = Ids.TEXT, nullable = false)
  private String tokenValue;

  @NotNull
  @Column(name = "masked_token", columnDefinition = Ids.TEXT, nullable = false)
  private String maskedToken;

  @ColumnDefault("CURRENT_TIMESTAMP")
  @Column(name = "created_at", columnDefinition = Ids.TIMESTAMPTZ, nullable = false, updatable = false)
  private Instant createdAt;

  @ColumnDefault("CURRENT_TIMESTAMP")
  @Column(name = "updated_at", columnDefinition = Ids.TIMESTAMPTZ, nullable = false)
  private Instant updatedAt;

  public GitLabel() {}

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

  public String getLabel() {
    return label;
  }

  public void setLabel(String label) {
    this.label = label;
  }

  public String getGitHosting() {
    return gitHosting;
  }

  public void setGitHosting(String gitHosting) {
    this.gitHosting = gitHosting;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getTokenValue() {
    return tokenValue;
  }

  public void setTokenValue(String tokenValue) {
    this.tokenValue = tokenValue;
  }

  public String getMaskedToken() {
    return maskedToken;
  }

  public void setMaskedToken(String maskedToken) {
    this.maskedToken = maskedToken;
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

  @Override
  public boolean equals(Object other) {
    return this == other
        || (other instanceof GitLabel that && id != null && id.equals(that.getId()));
  }

  @Override
  public int hashCode() {
    return GitLabel.class.hashCode();
  }

  @Override
  public String toString() {
    return "GitLabel{id=" + id + ", userId=" + userId + ", label=" + label + ", gitHosting="
        + gitHosting + ", username=" + username + ", maskedToken=" + maskedToken + ", createdAt="
        + createdAt + ", updatedAt=" + updatedAt + "}";
  }
}
