package ai.devdox.models.query;

import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.GitLabel;
import ai.devdox.models.entity.Repo;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.query.NativeQuery;

/**
 * The {@code repo} table's access paths, as the Python services run them, and the repo side of
 * its two relationships.
 *
 * <p>Reads need no transaction; {@link #updateAnalysis} must run inside one. Nothing here loads
 * more than the rows asked for: the entities have no associations, so listing repos never fires a
 * query per row (see "Relationships and queries" in the README).
 *
 * <table>
 *   <caption>Statements and indexes</caption>
 *   <tr><th>method</th><th>statements</th><th>index</th></tr>
 *   <tr><td>{@link #listByUser}</td><td>count + page (count only when empty or past the end)</td>
 *       <td>{@code idx_repo_user_id_05a4f0}, read backwards for newest first; the page's
 *       boundary found on the index alone</td></tr>
 *   <tr><td>{@link #pageByUser}</td><td>1</td>
 *       <td>as {@link #listByUser}'s page</td></tr>
 *   <tr><td>{@link #countByUser}</td><td>1</td>
 *       <td>a {@code user_id}-led index ({@code idx_repo_user_id_05a4f0} or
 *       {@code uid_repo_user_id_a03d4e})</td></tr>
 *   <tr><td>{@link #findByUserAndRepoId}</td><td>1</td>
 *       <td>{@code uid_repo_user_id_a03d4e}</td></tr>
 *   <tr><td>{@link #findByUserAndAlias}, {@link #findByUserAndRelativePath},
 *       {@link #findByUserAndHtmlUrl}</td><td>1</td>
 *       <td>a {@code user_id}-led index, then a filter on the user's few rows</td></tr>
 *   <tr><td>{@link #findById}, {@link #repoOf}, {@link #updateAnalysis}</td><td>1 (0 when
 *       already loaded, for the finders)</td><td>{@code repo_pkey}</td></tr>
 *   <tr><td>{@link #reposOfChunks}</td><td>1 per 1000 distinct repos</td>
 *       <td>{@code repo_pkey}</td></tr>
 *   <tr><td>{@link #reposOf(GitLabel)}, {@link #reposOfLabels}</td><td>1 (per 1000 labels)</td>
 *       <td>a {@code user_id}-led index</td></tr>
 *   <tr><td>{@link #withLabels}</td><td>1 (per 1000 labels)</td>
 *       <td>{@code git_label_pkey}</td></tr>
 * </table>
 */
public final class RepoQueries {

  /** See {@link #newestOfUser}. {@code {h-schema}} is the configured schema, if any. */
  private static final String NEWEST_OF_USER =
      "WITH boundary AS ("
          + "SELECT created_at AS at FROM {h-schema}repo WHERE user_id = :userId"
          + " ORDER BY created_at DESC OFFSET :offset LIMIT 1)"
          + " SELECT r.* FROM {h-schema}repo r"
          + " WHERE r.user_id = :userId AND r.created_at <= (SELECT at FROM boundary)"
          + " ORDER BY r.created_at DESC, r.id DESC"
          + " OFFSET (SELECT CASE"
          + " WHEN (SELECT count(*) FROM {h-schema}repo tie"
          + " WHERE tie.user_id = :userId AND tie.created_at = b.at) = 1 THEN 0"
          + " ELSE :offset - (SELECT count(*) FROM {h-schema}repo newer"
          + " WHERE newer.user_id = :userId AND newer.created_at > b.at) END"
          + " FROM boundary b)"
          + " LIMIT :size";

  private final EntityManager em;

  /**
   * Queries run through {@code entityManager}, in its persistence context and transaction.
   *
   * @throws IllegalArgumentException when {@code entityManager} is null
   */
  public RepoQueries(EntityManager entityManager) {
    this.em = Queries.requireEntityManager(entityManager);
  }

  /**
   * A user's repos, newest first ({@code created_at} descending, then id), one page of them and
   * the total.
   *
   * @param page the page, from 0
   * @param size rows per page, 1 or more
   * @throws IllegalArgumentException when {@code userId} is blank, {@code page} is negative or
   *     {@code size} is below 1
   */
  public Page<Repo> listByUser(String userId, int page, int size) {
    Args.text(userId, "userId");
    int offset = Args.offset(page, size);
    long total = countByUser(userId);
    if (total == 0 || offset >= total) {
      return new Page<>(List.of(), total, page, size);
    }
    return new Page<>(newestOfUser(userId, offset, size), total, page, size);
  }

  /**
   * One page of a user's repos, newest first ({@code created_at} descending, then id), without
   * the total: one statement. An empty list past the last page.
   *
   * @param page the page, from 0
   * @param size rows per page, 1 or more
   * @throws IllegalArgumentException when {@code userId} is blank, {@code page} is negative or
   *     {@code size} is below 1
   */
  public List<Repo> pageByUser(String userId, int page, int size) {
    Args.text(userId, "userId");
    int offset = Args.offset(page, size);
    return newestOfUser(userId, offset, size);
  }

  /**
   * A page of the user's repos, newest first, its rows found on the index before any is read.
   *
   * <p>A plain {@code ORDER BY created_at DESC OFFSET n} makes PostgreSQL fetch every row it skips
   * from the table, and, because Hibernate lists an entity's columns in its own order rather than
   * the table's, also build each skipped row's projection: the deeper the page, the more rows
   * read in full for nothing (a page 250 of 500: 5,000 of them). Here the page's first
   * {@code created_at} is found on {@code idx_repo_user_id_05a4f0} alone (an index-only scan
   * where the visibility map allows), and only the page's rows are read from the table. Rows
   * sharing that {@code created_at} keep the id order: the rows of the tie that belong to
   * earlier pages are counted (only when there is a tie) and skipped.
   */
  private List<Repo> newestOfUser(String userId, int offset, int size) {
    Query query =
        em.createNativeQuery(NEWEST_OF_USER, Repo.class)
            .setParameter("userId", userId)
            .setParameter("offset", offset)
            .setParameter("size", size);
    // Pending changes to repos are flushed first, as for a JPQL query on Repo; others are not.
    query.unwrap(NativeQuery.class).addSynchronizedEntityClass(Repo.class);
    @SuppressWarnings("unchecked")
    List<Repo> rows = query.getResultList();
    return rows;
  }

  /**
   * How many repos the user has.
   *
   * @throws IllegalArgumentException when {@code userId} is blank
   */
  public long countByUser(String userId) {
    Args.text(userId, "userId");
    return em.createQuery("select count(*) from Repo r where r.userId = :userId", Long.class)
        .setParameter("userId", userId)
        .getSingleResult();
  }

  /**
   * The repo with this id (the persistence context first, then the primary key).
   *
   * @throws IllegalArgumentException when {@code id} is null
   */
  public Optional<Repo> findById(UUID id) {
    Args.notNull(id, "id");
    return Optional.ofNullable(em.find(Repo.class, id));
  }

  /**
   * The user's repo with the Git provider's id {@code repoId}; (user_id, repo_id) is unique.
   *
   * @throws IllegalArgumentException when either argument is blank
   */
  public Optional<Repo> findByUserAndRepoId(String userId, String repoId) {
    Args.text(userId, "userId");
    Args.text(repoId, "repoId");
    return Queries.first(
        em.createQuery(
                "select r from Repo r where r.userId = :userId and r.repoId = :repoId", Repo.class)
            .setParameter("userId", userId)
            .setParameter("repoId", repoId));
  }

  /**
   * The user's repo with this alias ({@code repo_alias_name}); the newest when several share it.
   *
   * @throws IllegalArgumentException when either argument is blank
   */
  public Optional<Repo> findByUserAndAlias(String userId, String repoAliasName) {
    return newestWhere("repoAliasName", userId, Args.text(repoAliasName, "repoAliasName"));
  }

  /**
   * The user's repo at this {@code relative_path} (e.g. {@code owner/name}); the newest when
   * several share it.
   *
   * @throws IllegalArgumentException when either argument is blank
   */
  public Optional<Repo> findByUserAndRelativePath(String userId, String relativePath) {
    return newestWhere("relativePath", userId, Args.text(relativePath, "relativePath"));
  }

  /**
   * The user's repo with this {@code html_url}; the newest when several share it.
   *
   * @throws IllegalArgumentException when either argument is blank
   */
  public Optional<Repo> findByUserAndHtmlUrl(String userId, String htmlUrl) {
    return newestWhere("htmlUrl", userId, Args.text(htmlUrl, "htmlUrl"));
  }

  private Optional<Repo> newestWhere(String attribute, String userId, String value) {
    Args.text(userId, "userId");
    // attribute is one of the constants above, never user input.
    return Queries.first(
        em.createQuery(
                "select r from Repo r where r.userId = :userId and r." + attribute + " = :value"
                    + " order by r.createdAt desc, r.id desc",
                Repo.class)
            .setParameter("userId", userId)
            .setParameter("value", value));
  }

  /**
   * Writes the analysis fields set in {@code update} to the repo {@code id} in one
   * {@code UPDATE ... WHERE id = ?}, and moves {@code updated_at} to now, as a Python update
   * does (a bulk update skips the entity's {@code @PreUpdate}, so the time is set here). Must run
   * in a transaction.
   *
   * <p>Like every bulk update it goes straight to the database: a {@link Repo} already loaded in
   * this entity manager keeps its old values until {@code em.refresh(repo)}. To change a loaded
   * repo, set its fields instead; the flush moves {@code updated_at}.
   *
   * @return whether a repo with this id existed (and was updated)
   * @throws IllegalArgumentException when {@code id} or {@code update} is null, or {@code update}
   *     sets nothing
   */
  public boolean updateAnalysis(UUID id, AnalysisUpdate update) {
    Args.notNull(id, "id");
    Args.notNull(update, "update");
    if (update.values.isEmpty()) {
      throw new IllegalArgumentException(
          "update sets no field; set at least one of status, totalFiles, totalChunks,"
              + " processingStartTime, processingEndTime, errorMessage, lastCommit,"
              + " repoSystemReference");
    }
    StringBuilder jpql = new StringBuilder("update Repo r set ");
    for (String attribute : update.values.keySet()) {
      jpql.append("r.").append(attribute).append(" = :").append(attribute).append(", ");
    }
    jpql.append("r.updatedAt = :updatedAt where r.id = :id");
    Query query = em.createQuery(jpql.toString());
    update.values.forEach(query::setParameter);
    return query.setParameter("updatedAt", Queries.now()).setParameter("id", id).executeUpdate()
        > 0;
  }

  /**
   * The repo a chunk belongs to: {@code code_chunks.repo_id} read as a uuid and looked up by
   * primary key (no statement when the repo is already loaded).
   *
   * @return empty when {@code repo_id} is not a uuid or names no repo
   * @throws IllegalArgumentException when {@code chunk} is null
   */
  public Optional<Repo> repoOf(CodeChunk chunk) {
    Args.notNull(chunk, "chunk");
    return Queries.parseUuid(chunk.getRepoId()).map(id -> em.find(Repo.class, id));
  }

  /**
   * The repos of many chunks in one statement: a map from each chunk's {@code repo_id} text to
   * its repo. Chunks whose {@code repo_id} is not a uuid or names no repo have no entry.
   *
   * @throws IllegalArgumentException when {@code chunks} is null or holds null
   */
  public Map<String, Repo> reposOfChunks(Collection<CodeChunk> chunks) {
    Args.elementsNotNull(chunks, "chunks");
    Map<String, UUID> idByText = new LinkedHashMap<>();
    for (CodeChunk chunk : chunks) {
      String text = chunk.getRepoId();
      if (!idByText.containsKey(text)) {
        Queries.parseUuid(text).ifPresent(id -> idByText.put(text, id));
      }
    }
    Map<UUID, Repo> byId = new LinkedHashMap<>();
    for (Repo repo : byIds(new LinkedHashSet<>(idByText.values()))) {
      byId.put(repo.getId(), repo);
    }
    Map<String, Repo> result = new LinkedHashMap<>();
    idByText.forEach(
        (text, id) -> {
          Repo repo = byId.get(id);
          if (repo != null) {
            result.put(text, repo);
          }
        });
    return result;
  }

  /**
   * The repos that use a git label ({@code repo.token_id} = the label id's text), newest first.
   * Only the label owner's repos are searched: the services only ever attach a user's own label
   * to the user's repos (they look labels up by id and user), and the {@code user_id} condition
   * lets the query use the repo user index instead of scanning the table ({@code token_id} has no
   * index).
   *
   * @throws IllegalArgumentException when {@code label} is null
   */
  public List<Repo> reposOf(GitLabel label) {
    Args.notNull(label, "label");
    return em.createQuery(
            "select r from Repo r where r.userId = :userId and r.tokenId = :tokenId"
                + " order by r.createdAt desc, r.id desc",
            Repo.class)
        .setParameter("userId", label.getUserId())
        .setParameter("tokenId", label.getId().toString())
        .getResultList();
  }

  /**
   * The repos of many labels in one statement (per 1000 labels), as a map from label id to that
   * label's repos, newest first; every label given has an entry, empty when no repo uses it. The
   * same owner rule as {@link #reposOf(GitLabel)} applies.
   *
   * @throws IllegalArgumentException when {@code labels} is null or holds null
   */
  public Map<UUID, List<Repo>> reposOfLabels(Collection<GitLabel> labels) {
    Args.elementsNotNull(labels, "labels");
    Map<String, GitLabel> labelByText = new LinkedHashMap<>();
    Map<UUID, List<Repo>> result = new LinkedHashMap<>();
    for (GitLabel label : labels) {
      labelByText.put(label.getId().toString(), label);
      result.put(label.getId(), new ArrayList<>());
    }
    List<GitLabel> distinct = new ArrayList<>(labelByText.values());
    List<Repo> repos =
        Queries.inSlices(
            distinct,
            slice -> {
              Set<String> users = new LinkedHashSet<>();
              List<String> tokenIds = new ArrayList<>();
              for (GitLabel label : slice) {
                users.add(label.getUserId());
                tokenIds.add(label.getId().toString());
              }
              return em.createQuery(
                      "select r from Repo r where r.userId in :users and r.tokenId in :tokenIds"
                          + " order by r.createdAt desc, r.id desc",
                      Repo.class)
                  .setParameter("users", users)
                  .setParameter("tokenIds", tokenIds)
                  .getResultList();
            });
    for (Repo repo : repos) {
      GitLabel label = labelByText.get(repo.getTokenId());
      if (label != null && label.getUserId().equals(repo.getUserId())) {
        result.get(label.getId()).add(repo);
      }
    }
    return result;
  }

  /**
   * Each repo with its git label, in the given order, loading all the labels in one statement
   * (per 1000 labels) by primary key: the way to show a page of repos with their labels without a
   * query per repo. A label counts only when it belongs to the repo's user.
   *
   * <pre>{@code
   * Page<Repo> page = repos.listByUser(userId, 0, 20);        // count + page
   * List<RepoWithLabel> rows = repos.withLabels(page.items()); // + 1 statement
   * }</pre>
   *
   * @throws IllegalArgumentException when {@code repos} is null or holds null
   */
  public List<RepoWithLabel> withLabels(List<Repo> repos) {
    Args.elementsNotNull(repos, "repos");
    Set<UUID> labelIds = new LinkedHashSet<>();
    for (Repo repo : repos) {
      Queries.parseUuid(repo.getTokenId()).ifPresent(labelIds::add);
    }
    Map<UUID, GitLabel> labels = new LinkedHashMap<>();
    for (GitLabel label :
        Queries.inSlices(
            labelIds,
            slice ->
                em.createQuery("select g from GitLabel g where g.id in :ids", GitLabel.class)
                    .setParameter("ids", slice)
                    .getResultList())) {
      labels.put(label.getId(), label);
    }
    List<RepoWithLabel> result = new ArrayList<>(repos.size());
    for (Repo repo : repos) {
      Optional<GitLabel> label =
          Queries.parseUuid(repo.getTokenId())
              .map(labels::get)
              .filter(found -> found.getUserId().equals(repo.getUserId()));
      result.add(new RepoWithLabel(repo, label));
    }
    return result;
  }

  private List<Repo> byIds(Collection<UUID> ids) {
    return Queries.inSlices(
        ids,
        slice ->
            em.createQuery("select r from Repo r where r.id in :ids", Repo.class)
                .setParameter("ids", slice)
                .getResultList());
  }

  /**
   * The analysis fields to write with {@link RepoQueries#updateAnalysis}; only the fields set here
   * are written. Each setter checks its value against the column.
   */
  public static final class AnalysisUpdate {

    private final Map<String, Object> values = new LinkedHashMap<>();

    /** An update that sets nothing yet. */
    public AnalysisUpdate() {}

    /**
     * The processing status word, e.g. {@code completed} (column {@code status}, at most 255).
     *
     * @throws IllegalArgumentException when blank or too long
     */
    public AnalysisUpdate status(String status) {
      Args.maxLength(Args.text(status, "status"), 255, "status");
      values.put("status", status);
      return this;
    }

    /**
     * The number of files analysed (0 or more).
     *
     * @throws IllegalArgumentException when negative
     */
    public AnalysisUpdate totalFiles(int totalFiles) {
      values.put("totalFiles", nonNegative(totalFiles, "totalFiles"));
      return this;
    }

    /**
     * The number of chunks written (0 or more).
     *
     * @throws IllegalArgumentException when negative
     */
    public AnalysisUpdate totalChunks(int totalChunks) {
      values.put("totalChunks", nonNegative(totalChunks, "totalChunks"));
      return this;
    }

    /** When processing started; null clears it. */
    public AnalysisUpdate processingStartTime(Instant processingStartTime) {
      values.put("processingStartTime", processingStartTime);
      return this;
    }

    /** When processing ended; null clears it. */
    public AnalysisUpdate processingEndTime(Instant processingEndTime) {
      values.put("processingEndTime", processingEndTime);
      return this;
    }

    /** Why processing failed; null clears it. */
    public AnalysisUpdate errorMessage(String errorMessage) {
      values.put("errorMessage", errorMessage);
      return this;
    }

    /**
     * The commit analysed (column {@code last_commit}, not null, at most 255; may be empty).
     *
     * @throws IllegalArgumentException when null or too long
     */
    public AnalysisUpdate lastCommit(String lastCommit) {
      Args.maxLength(Args.notNull(lastCommit, "lastCommit"), 255, "lastCommit");
      values.put("lastCommit", lastCommit);
      return this;
    }

    /** Where the analysis results live; null clears it. */
    public AnalysisUpdate repoSystemReference(String repoSystemReference) {
      values.put("repoSystemReference", repoSystemReference);
      return this;
    }

    private static int nonNegative(int value, String name) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " is " + value + "; give 0 or more");
      }
      return value;
    }

    @Override
    public String toString() {
      return "AnalysisUpdate" + values.keySet();
    }
  }
}
