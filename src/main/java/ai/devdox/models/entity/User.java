package ai.devdox.models.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.ColumnDefault;
import org.hibernate.annotations.JavaType;

/**
 * A DevDox user, synced from the authentication provider. Table {@code "user"} (a reserved word in
 * PostgreSQL, so always quoted).
 *
 * <p>{@code user_id} is the provider's identifier and is not unique; the other tables refer to it.
 */
@Entity
@Table(
    name = "\"user\"",
    indexes = @Index(name = "idx_user_user_id_d610a5", columnList = "user_id, created_at"))
public class User {

  @Id
  @Column(name = "id", nullable = false, updatable = false)
  private UUID id = Ids.newId();

  @NotNull @Size(max = 255)
  @Column(name = "user_id", length = 255, nullable = false)
  private String userId;

  @NotNull @Size(max = 255)
  @Column(name = "first_name", length = 255, nullable = false)
  private String firstName;

  @NotNull @Size(max = 255)
  @Column(name = "last_name", length = 255, nullable = false)
  private String lastName;

  @NotNull @Size(max = 255)
  @Column(name = "email", length = 255, nullable = false)
  private String email;

  @ColumnDefault("''")
  @NotNull @Size(max = 255)
  @Column(name = "username", length = 255, nullable = false)
  private String username = "";

  @NotNull @Size(max = 255)
  @Column(name = "role", length = 255, nullable = false)
  private String role;

  @ColumnDefault("true")
  @NotNull
  @Column(name = "active", nullable = false)
  private boolean active = true;

  @ColumnDefault("'free'")
  @NotNull @Size(max = 100)
  @Column(name = "membership_level", length = 100, nullable = false)
  private String membershipLevel = "free";

  @ColumnDefault("0")
  @NotNull
  @Column(name = "token_limit", nullable = false)
  private int tokenLimit;

  @ColumnDefault("0")
  @NotNull
  @Column(name = "token_used", nullable = false)
  private int tokenUsed;

  @ColumnDefault("CURRENT_TIMESTAMP")
  @Column(name = "created_at", columnDefinition = Ids.TIMESTAMPTZ, nullable = false, updatable = false)
  private Instant createdAt;

  @ColumnDefault("CURRENT_TIMESTAMP")
  @Column(name = "updated_at", columnDefinition = Ids.TIMESTAMPTZ, nullable = false)
  private Instant updatedAt;

  /** Salt for encrypting the user's secrets; never printed. */
  @ColumnDefault("'0'")
  @NotNull @Size(max = 255)
  @JavaType(SecretStringJavaType.class)
  @Column(name = "encryption_salt", length = 255, nullable = false)
  private String encryptionSalt = "0";

  public User() {}

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

  public String getFirstName() {
    return firstName;
  }

  public void setFirstName(String firstName) {
    this.firstName = firstName;
  }

  public String getLastName() {
    return lastName;
  }

  public void setLastName(String lastName) {
    this.lastName = lastName;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  public boolean isActive() {
    return active;
  }

  public void setActive(boolean active) {
    this.active = active;
  }

  public String getMembershipLevel() {
    return membershipLevel;
  }

  public void setMembershipLevel(String membershipLevel) {
    this.membershipLevel = membershipLevel;
  }

  public int getTokenLimit() {
    return tokenLimit;
  }

  public void setTokenLimit(int tokenLimit) {
    this.tokenLimit = tokenLimit;
  }

  public int getTokenUsed() {
    return tokenUsed;
  }

  public void setTokenUsed(int tokenUsed) {
    this.tokenUsed = tokenUsed;
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

  public String getEncryptionSalt() {
    return encryptionSalt;
  }

  public void setEncryptionSalt(String encryptionSalt) {
    this.encryptionSalt = encryptionSalt;
  }

  @Override
  public boolean equals(Object other) {
    return this == other || (other instanceof User that && id != null && id.equals(that.getId()));
  }

  @Override
  public int hashCode() {
    return User.class.hashCode();
  }

  @Override
  public String toString() {
    return "User{id=" + id + ", userId=" + userId + ", email=" + email + ", role=" + role
        + ", active=" + active + ", membershipLevel=" + membershipLevel + ", tokenLimit="
        + tokenLimit + ", tokenUsed=" + tokenUsed + ", createdAt=" + createdAt + ", updatedAt="
        + updatedAt + "}";
  }
}
