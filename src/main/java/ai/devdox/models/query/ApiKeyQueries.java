package ai.devdox.models.query;

import ai.devdox.models.entity.ApiKey;
import ai.devdox.models.keys.ApiKeys;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code api_key} table's access paths: the look-ups by hash, a user's active keys, and the
 * two updates (deactivate, touch {@code last_used_at}).
 *
 * <p><b>Indexes.</b> SCHEMA.md gives {@code api_key} no secondary index, and this library adds
 * none. The updates by id use {@code api_key_pkey}; the look-ups by hash and the listing and
 * count by user are sequential scans of the table (with a top-N sort for the listing). That is
 * what the Python services run too; a deployment that needs more can index {@code api_key} and
 * {@code user_id} itself, and these queries would use the indexes unchanged.
 *
 * <p>Hashes are secrets: no message of this class contains one. Make them with
 * {@link ApiKeys#hash(String)}.
 */
public final class ApiKeyQueries {

  private final EntityManager em;

  /**
   * Queries run through {@code entityManager}, in its persistence context and transaction.
   *
   * @throws IllegalArgumentException when {@code entityManager} is null
   */
  public ApiKeyQueries(EntityManager entityManager) {
    this.em = Queries.requireEntityManager(entityManager);
  }

  /**
   * Whether any key, active or not, has this hash: the uniqueness check before storing a newly
   * generated key.
   *
   * @param hash the lowercase hex SHA-256 of the plain key ({@link ApiKeys#hash(String)})
   * @throws IllegalArgumentException when {@code hash} is blank
   */
  public boolean existsByHash(String hash) {
    Args.text(hash, "hash");
    return !em.createQuery("select a.id from ApiKey a where a.apiKey = :hash", UUID.class)
        .setParameter("hash", hash)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  /**
   * The active key with this hash (the newest if, against the odds, two share it).
   *
   * @throws IllegalArgumentException when {@code hash} is blank
   */
  public Optional<ApiKey> findActiveByHash(String hash) {
    Args.text(hash, "hash");
    return Queries.first(
        em.createQuery(
                "select a from ApiKey a where a.apiKey = :hash and a.active = true"
                    + " order by a.createdAt desc, a.id desc",
                ApiKey.class)
            .setParameter("hash", hash));
  }

  /**
   * The active key a caller presented: hashes {@code plainKey} and looks the hash up, as the
   * services authenticate a request.
   *
   * @throws IllegalArgumentException when {@code plainKey} is blank
   */
  public Optional<ApiKey> findActiveByPlainKey(String plainKey) {
    Args.text(plainKey, "plainKey");
    return findActiveByHash(ApiKeys.hash(plainKey));
  }

  /**
   * A user's active keys, newest first ({@code created_at} descending, then id), one page and
   * the total of active keys.
   *
   * @param page the page, from 0
   * @param size rows per page, 1 or more
   * @throws IllegalArgumentException when {@code userId} is blank, {@code page} is negative or
   *     {@code size} is below 1
   */
  public Page<ApiKey> listActiveByUser(String userId, int page, int size) {
    Args.text(userId, "userId");
    int offset = Args.offset(page, size);
    TypedQuery<Long> count = countActiveQuery(userId);
    TypedQuery<ApiKey> items =
        em.createQuery(
                "select a from ApiKey a where a.userId = :userId and a.active = true"
                    + " order by a.createdAt desc, a.id desc",
                ApiKey.class)
            .setParameter("userId", userId);
    return Queries.page(count, items, page, size, offset);
  }

  /**
   * How many active keys the user has.
   *
   * @throws IllegalArgumentException when {@code userId} is blank
   */
  public long countActiveByUser(String userId) {
    Args.text(userId, "userId");
    return countActiveQuery(userId).getSingleResult();
  }

  private TypedQuery<Long> countActiveQuery(String userId) {
    return em.createQuery(
            "select count(*) from ApiKey a where a.userId = :userId and a.active = true",
            Long.class)
        .setParameter("userId", userId);
  }

  /**
   * Deactivates the user's key {@code id} if it is active, in one {@code UPDATE} that also moves
   * {@code updated_at}. Must run in a transaction. A key of another user is left alone.
   *
   * @return whether an active key of this user was deactivated
   * @throws IllegalArgumentException when {@code userId} is blank or {@code id} is null
   */
  public boolean deactivate(String userId, UUID id) {
    Args.text(userId, "userId");
    Args.notNull(id, "id");
    return em.createQuery(
                "update ApiKey a set a.active = false, a.updatedAt = :now"
                    + " where a.id = :id and a.userId = :userId and a.active = true")
            .setParameter("now", Queries.now())
            .setParameter("id", id)
            .setParameter("userId", userId)
            .executeUpdate()
        > 0;
  }

  /**
   * Sets {@code last_used_at} (and {@code updated_at}) of key {@code id} to now, in one
   * {@code UPDATE} by primary key. Must run in a transaction.
   *
   * @return whether the key exists
   * @throws IllegalArgumentException when {@code id} is null
   */
  public boolean touchLastUsed(UUID id) {
    return touchLastUsed(id, Queries.now());
  }

  /**
   * Sets {@code last_used_at} of key {@code id} to {@code usedAt} and {@code updated_at} to now.
   *
   * @return whether the key exists
   * @throws IllegalArgumentException when {@code id} or {@code usedAt} is null
   */
  public boolean touchLastUsed(UUID id, Instant usedAt) {
    Args.notNull(id, "id");
    Args.notNull(usedAt, "usedAt");
    return em.createQuery(
                "update ApiKey a set a.lastUsedAt = :usedAt, a.updatedAt = :now where a.id = :id")
            .setParameter("usedAt", usedAt)
            .setParameter("now", Queries.now())
            .setParameter("id", id)
            .executeUpdate()
        > 0;
  }
}
