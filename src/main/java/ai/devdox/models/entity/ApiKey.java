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
import java.util.UUID;
import org.hibernate.annotations.ColumnDefault;
import org.hibernate.annotations.JavaType;

/**
 * An API key issued to a user. Table {@code api_key}.
 *
 * <p>{@code api_key} holds the lowercase hex SHA-256 of the plain key, never the key itself;
 * {@code masked_api_key} is what a UI may show. Neither the hash nor anything derived from it is
 * printed by {@link #toString()}.
 */
@Entity
@Table(name = "api_key")
public class ApiKey {

  @Id
  @Column(name = "id", nullable = false, updatable = false)
  private UUID id = Ids.newId();

  @NotNull @Size(max = 255)
  @Column(name = "user_id", length = 255, nullable = false)
  private String userId;

  /** SHA-256 of the plain key, lowercase hex. A secret: never logged. */
  @NotNull @Size(max = 512)
  @JavaType(SecretStringJavaType.class)
  @Column(name = "api_key", length = 512, nullable = false)
  private String apiKey;

  @NotNull @Size(max = 512)
  @Column(name = "masked_api_key", length = 512, nullable = false)
  private String maskedApiKey;

  @ColumnDefault("true")
  @Column(name = "is_active", nullable = false)
  private boolean active = true;

  @ColumnDefault("CURRENT_TIMESTAMP")
  @Column(name = "created_at", columnDefinition = Ids.TIMESTAMPTZ, nullable = false, updatable = false)
  private Instant createdAt;

  @ColumnDefault("CURRENT_TIMESTAMP")
  @Column(name = "updated_at", columnDefinition = Ids.TIMESTAMPTZ, nullable = false)
  private Instant updatedAt;

  @Column(name = "last_used_at", columnDefinition = Ids.TIMESTAMPTZ)
  private Instant lastUsedAt;

  public ApiKey() {}

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

  /** The stored hash of the plain key (lowercase hex SHA-256). */
  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(String apiKeyHash) {
    this.apiKey = apiKeyHash;
  }

  public String getMaskedApiKey() {
    return maskedApiKey;
  }

  public void setMaskedApiKey(String maskedApiKey) {
    this.maskedApiKey = maskedApiKey;
  }

  public boolean isActive() {
    return active;
  }

  public void setActive(boolean active) {
    this.active = active;
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

  public Instant getLastUsedAt() {
    return lastUsedAt;
  }

  public void setLastUsedAt(Instant lastUsedAt) {
    this.lastUsedAt = lastUsedAt;
  }

  @Override
  public boolean equals(Object other) {
    return this == other || (other instanceof ApiKey that && id != null && id.equals(that.getId()));
  }

  @Override
  public int hashCode() {
    return ApiKey.class.hashCode();
  }

  @Override
  public String toString() {
    return "ApiKey{id=" + id + ", userId=" + userId + ", maskedApiKey=" + maskedApiKey
        + ", active=" + active + ", createdAt=" + createdAt + ", updatedAt=" + updatedAt
        + ", lastUsedAt=" + lastUsedAt + "}";
  }
}
