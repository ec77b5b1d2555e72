package ai.devdox.models.query;

import ai.devdox.models.entity.GitLabel;
import ai.devdox.models.entity.Repo;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code git_label} table's access paths: a user's labels (all, of one Git hosting, or
 * matching a label text) with counts, the finder and delete by (id, user), and the label side of
 * the repo relationship.
 *
 * <p><b>Indexes.</b> The listings and counts by user use the unique constraint's index
 * {@code uid_git_label_user_id_848e44} on ({@code user_id}, {@code git_hosting},
 * {@code masked_token}) ({@code user_id} alone, or with {@code git_hosting}), then sort the
 * user's few labels newest first; the finder, the delete and {@link #labelOf} use
 * {@code git_label_pkey}.
 *
 * <p>{@code token_value} is a secret; nothing here prints it.
 */
public final class GitLabelQueries {

  private final EntityManager em;

  /**
   * Queries run through {@code entityManager}, in its persistence context and transaction.
   *
   * @throws IllegalArgumentException when {@code entityManager} is null
   */
  public GitLabelQueries(EntityManager entityManager) {
    this.em = Queries.requireEntityManager(entityManager);
  }

  /**
   * A user's labels, newest first ({@code created_at} descending, then id), one page and the
   * total.
   *
   * @throws IllegalArgumentException when {@code userId} is blank, {@code page} is negative or
   *     {@code size} is below 1
   */
  public Page<GitLabel> listByUser(String userId, int page, int size) {
    Args.text(userId, "userId");
    int offset = Args.offset(page, size);
    return Queries.page(
        em.createQuery("select count(*) from GitLabel g where g.userId = :userId", Long.class)
            .setParameter("userId", userId),
        ordered("select g from GitLabel g where g.userId = :userId").setParameter("userId", userId),
        page,
        size,
        offset);
  }

  /**
   * How many labels the user has.
   *
   * @throws IllegalArgumentException when {@code userId} is blank
   */
  public long countByUser(String userId) {
    Args.text(userId, "userId");
    return em.createQuery("select count(*) from GitLabel g where g.userId = :userId", Long.class)
        .setParameter("userId", userId)
        .getSingleResult();
  }

  /**
   * A user's labels for one Git hosting (e.g. {@code github}, {@code gitlab}; exact match),
   * newest first, one page and the total.
   *
   * @throws IllegalArgumentException when {@code userId} or {@code gitHosting} is blank,
   *     {@code page} is negative or {@code size} is below 1
   */
  public Page<GitLabel> listByUserAndHosting(String userId, String gitHosting, int page, int size) {
    Args.text(userId, "userId");
    Args.text(gitHosting, "gitHosting");
    int offset = Args.offset(page, size);
    return Queries.page(
        countByUserAndHostingQuery(userId, gitHosting),
        ordered("select g from GitLabel g where g.userId = :userId and g.gitHosting = :gitHosting")
            .setParameter("userId", userId)
            .setParameter("gitHosting", gitHosting),
        page,
        size,
        offset);
  }

  /**
   * How many labels the user has for one Git hosting.
   *
   * @throws IllegalArgumentException when either argument is blank
   */
  public long countByUserAndHosting(String userId, String gitHosting) {
    Args.text(userId, "userId");
    Args.text(gitHosting, "gitHosting");
    return countByUserAndHostingQuery(userId, gitHosting).getSingleResult();
  }

  private TypedQuery<Long> countByUserAndHostingQuery(String userId, String gitHosting) {
    return em.createQuery(
            "select count(*) from GitLabel g where g.userId = :userId"
                + " and g.gitHosting = :gitHosting",
            Long.class)
        .setParameter("userId", userId)
        .setParameter("gitHosting", gitHosting);
  }

  /**
   * A user's labels whose {@code label} contains {@code label}, ignoring case (the Python
   * services' {@code label__icontains}), newest first, one page and the total. {@code %} and
   * {@code _} match themselves.
   *
   * @throws IllegalArgumentException when {@code userId} or {@code label} is blank,
   *     {@code page} is negative or {@code size} is below 1
   */
  public Page<GitLabel> listByUserAndLabel(String userId, String label, int page, int size) {
    Args.text(userId, "userId");
    Args.text(label, "label");
    int offset = Args.offset(page, size);
    return Queries.page(
        countByUserAndLabelQuery(userId, label),
        ordered(
                "select g from GitLabel g where g.userId = :userId"
                    + " and lower(g.label) like lower(:label) escape '!'")
            .setParameter("userId", userId)
            .setParameter("label", Queries.containsPattern(label)),
        page,
        size,
        offset);
  }

  /**
   * How many of the user's labels contain {@code label}, ignoring case.
   *
   * @throws IllegalArgumentException when either argument is blank
   */
  public long countByUserAndLabel(String userId, String label) {
    Args.text(userId, "userId");
    Args.text(label, "label");
    return countByUserAndLabelQuery(userId, label).getSingleResult();
  }

  private TypedQuery<Long> countByUserAndLabelQuery(String userId, String label) {
    return em.createQuery(
            "select count(*) from GitLabel g where g.userId = :userId"
                + " and lower(g.label) like lower(:label) escape '!'",
            Long.class)
        .setParameter("userId", userId)
        .setParameter("label", Queries.containsPattern(label));
  }

  /**
   * The label {@code id} if it belongs to {@code userId}.
   *
   * @throws IllegalArgumentException when {@code id} is null or {@code userId} is blank
   */
  public Optional<GitLabel> findByIdAndUser(UUID id, String userId) {
    Args.notNull(id, "id");
    Args.text(userId, "userId");
    return Queries.first(
        em.createQuery(
                "select g from GitLabel g where g.id = :id and g.userId = :userId", GitLabel.class)
            .setParameter("id", id)
            .setParameter("userId", userId));
  }

  /**
   * Deletes the label {@code id} if it belongs to {@code userId}, in one {@code DELETE}; must run
   * in a transaction. Repos whose {@code token_id} names it keep that text (there is no foreign
   * key), and {@link #labelOf} then finds nothing for them.
   *
   * @return whether a label was deleted
   * @throws IllegalArgumentException when {@code id} is null or {@code userId} is blank
   */
  public boolean deleteByIdAndUser(UUID id, String userId) {
    Args.notNull(id, "id");
    Args.text(userId, "userId");
    return em.createQuery("delete from GitLabel g where g.id = :id and g.userId = :userId")
            .setParameter("id", id)
            .setParameter("userId", userId)
            .executeUpdate()
        > 0;
  }

  /**
   * The label a repo uses: {@code repo.token_id} read as a uuid and looked up by primary key, if
   * the label belongs to the repo's user (the services look labels up by id and user). To get the
   * labels of many repos in one statement use {@link RepoQueries#withLabels}.
   *
   * @return empty when {@code token_id} is null or not a uuid, or names no label of the user
   * @throws IllegalArgumentException when {@code repo} is null
   */
  public Optional<GitLabel> labelOf(Repo repo) {
    Args.notNull(repo, "repo");
    Optional<UUID> labelId = Queries.parseUuid(repo.getTokenId());
    if (labelId.isEmpty() || repo.getUserId() == null || repo.getUserId().isBlank()) {
      return Optional.empty();
    }
    return findByIdAndUser(labelId.get(), repo.getUserId());
  }

  private TypedQuery<GitLabel> ordered(String select) {
    return em.createQuery(select + " order by g.createdAt desc, g.id desc", GitLabel.class);
  }
}
