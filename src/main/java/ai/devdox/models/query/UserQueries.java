package ai.devdox.models.query;

import ai.devdox.models.entity.User;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;

/**
 * The {@code "user"} table's access paths: the look-up by {@code user_id} and the atomic token
 * usage counter. Both use the index {@code idx_user_user_id_d610a5} on ({@code user_id},
 * {@code created_at}).
 *
 * <p>{@code user_id} (the auth provider's id) is not unique in the schema. The Python services
 * treat it as if it were; {@link #findByUserId} returns the oldest row so that repeated calls
 * agree, and {@link #findAllByUserId} shows every row.
 */
public final class UserQueries {

  private final EntityManager em;

  /**
   * Queries run through {@code entityManager}, in its persistence context and transaction.
   *
   * @throws IllegalArgumentException when {@code entityManager} is null
   */
  public UserQueries(EntityManager entityManager) {
    this.em = Queries.requireEntityManager(entityManager);
  }

  /**
   * The user with this {@code user_id}; the oldest row ({@code created_at}, then id) if there are
   * several.
   *
   * @throws IllegalArgumentException when {@code userId} is blank
   */
  public Optional<User> findByUserId(String userId) {
    Args.text(userId, "userId");
    return Queries.first(
        em.createQuery(
                "select u from User u where u.userId = :userId order by u.createdAt, u.id",
                User.class)
            .setParameter("userId", userId));
  }

  /**
   * Every row with this {@code user_id}, oldest first (normally one).
   *
   * @throws IllegalArgumentException when {@code userId} is blank
   */
  public List<User> findAllByUserId(String userId) {
    Args.text(userId, "userId");
    return em.createQuery(
            "select u from User u where u.userId = :userId order by u.createdAt, u.id",
            User.class)
        .setParameter("userId", userId)
        .getResultList();
  }

  /**
   * Adds {@code tokens} to the user's {@code token_used} in one atomic statement,
   * {@code UPDATE "user" SET token_used = token_used + ?, updated_at = ? WHERE user_id = ?}: the
   * database adds to the value it holds, so concurrent callers (any number of threads, JVMs or
   * Python workers) never lose an update. Must run in a transaction; the row stays locked until it
   * ends. {@code updated_at} moves to now, as on any Python update.
   *
   * <p>A bulk update: a {@link User} already loaded in this entity manager keeps its old count
   * until {@code em.refresh(user)}. {@code token_used} is an {@code integer}; a sum past
   * 2,147,483,647 fails in the database ("integer out of range") and changes nothing.
   *
   * @param tokens how many tokens to add, 1 or more
   * @return the number of rows updated: 0 for an unknown {@code user_id}, more than 1 when
   *     several rows share it (each is updated, as the Python service does)
   * @throws IllegalArgumentException when {@code userId} is blank or {@code tokens} is below 1
   */
  public int addTokenUsage(String userId, int tokens) {
    Args.text(userId, "userId");
    if (tokens < 1) {
      throw new IllegalArgumentException(
          "tokens is " + tokens + "; give the number of tokens used, 1 or more");
    }
    return em.createQuery(
            "update User u set u.tokenUsed = u.tokenUsed + :tokens, u.updatedAt = :now"
                + " where u.userId = :userId")
        .setParameter("tokens", tokens)
        .setParameter("now", Queries.now())
        .setParameter("userId", userId)
        .executeUpdate();
  }
}
