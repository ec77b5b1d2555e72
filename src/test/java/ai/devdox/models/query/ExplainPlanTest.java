package ai.devdox.models.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.GitLabel;
import ai.devdox.models.entity.QueueProcessingRegistry;
import ai.devdox.models.entity.Repo;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plan PostgreSQL picks for the SQL each access path generates, on tables of 20,000+ rows
 * (vacuumed and analysed), so a missing index would show as a sequential scan. Paths that
 * SCHEMA.md gives no index are checked to be the sequential scans their javadoc says they are.
 *
 * <p>Direct only, no pooler twin: PostgreSQL picks the plan from the SQL, the parameter values and
 * the table statistics, none of which the route to the server changes, and {@link Plans} explains
 * through a SQL-level {@code PREPARE}/{@code EXECUTE}, session state a transaction pooler does not
 * keep between statements. The SQL explained here is the same Hibernate sends through the pooler
 * (the query contracts run there).
 */
class ExplainPlanTest {

  private static final String REPO_BY_TIME = "idx_repo_user_id_05a4f0";
  private static final String REPO_UNIQUE = "uid_repo_user_id_a03d4e";
  private static final String LABEL_UNIQUE = "uid_git_label_user_id_848e44";
  private static final String USER_BY_ID = "idx_user_user_id_d610a5";
  private static final String REGISTRY_BY_MESSAGE = "idx_queue_proce_message_10f9ee";

  private static QueryDb db;
  private static Repo repo7;
  private static GitLabel label7;
  private static GitLabel label8;
  private static QueueProcessingRegistry attempt;

  @BeforeAll
  static void fill() {
    db = QueryDb.start("explain");
    String at = "timestamptz '2025-01-01 00:00:00+00' + g * interval '1 minute'";
    long started = System.nanoTime();
    db.sql(
        "insert into \"user\" (id, user_id, first_name, last_name, email, role, created_at,"
            + " updated_at) select md5('user' || g)::uuid, 'user-' || (g % 10000), 'Ada',"
            + " 'Lovelace', 'u' || g || '@example.com', 'user', " + at + ", " + at
            + " from generate_series(1, 20000) g",
        "insert into git_label (id, user_id, label, git_hosting, username, token_value,"
            + " masked_token, created_at, updated_at) select md5('label' || g)::uuid,"
            + " 'user-' || (g % 2000), 'Label ' || g,"
            + " case when g % 2 = 0 then 'github' else 'gitlab' end, 'dev' || g, 'enc:' || g,"
            + " 'ghp_********' || g, " + at + ", " + at + " from generate_series(1, 20000) g",
        "insert into repo (id, user_id, repo_id, repo_name, html_url, repo_alias_name,"
            + " relative_path, token_id, created_at, updated_at) select md5('repo' || g)::uuid,"
            + " 'user-' || (g % 2000), 'gh-' || g, 'project-' || g,"
            + " 'https://github.com/user-' || (g % 2000) || '/project-' || g, 'alias-' || g,"
            + " 'user-' || (g % 2000) || '/project-' || g, md5('label' || g)::uuid::text, "
            + at + ", " + at + " from generate_series(1, 20000) g",
        // One heavy user with 4,000 repos: newest-first paging must read the index backwards.
        "insert into repo (id, user_id, repo_id, repo_name, html_url, repo_alias_name,"
            + " created_at, updated_at) select md5('heavy' || g)::uuid, 'heavy', 'hv-' || g,"
            + " 'big-' || g, 'https://github.com/heavy/big-' || g, 'big-' || g, " + at + ", "
            + at + " from generate_series(1, 4000) g",
        "insert into code_chunks (id, user_id, repo_id, content, metadata, file_name, file_path,"
            + " file_size, commit_number, created_at) select md5('chunk' || g)::uuid,"
            + " 'user-' || (g % 2000), md5('repo' || (g % 2000 + 1))::uuid::text,"
            + " 'print(' || g || ')', '{}'::jsonb, 'f' || (g % 50) || '.py',"
            + " 'src/f' || (g % 50) || '.py', 100, 'abc', " + at
            + " from generate_series(1, 20000) g",
        "insert into api_key (id, user_id, api_key, masked_api_key, is_active, created_at,"
            + " updated_at) select md5('key' || g)::uuid, 'user-' || (g % 2000),"
            + " encode(sha256(('dvd_' || g)::bytea), 'hex'), 'dvd_****' || g, g % 5 <> 0, "
            + at + ", " + at + " from generate_series(1, 20000) g",
        "insert into queue_processing_registry (id, message_id, queue_name, claimed_by, step,"
            + " status, previous_message_id, claimed_at, updated_at)"
            + " select md5('attempt' || g)::uuid, 'msg-' || (g / 4), 'processing', 'worker-1',"
            + " 'done', case when g % 4 = 3 then 'completed' else 'failed' end,"
            + " case when g % 4 = 0 then null else md5('attempt' || (g - 1))::uuid end, "
            + at + ", " + at + " from generate_series(0, 19999) g",
        "vacuum analyze");
    System.out.printf("explain data: 20,000 users, 24,000 repos, 20,000 labels, chunks, keys and"
        + " attempts, in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    repo7 = db.tx((EntityManager em) -> new RepoQueries(em).findByUserAndRepoId("user-7", "gh-7"))
        .orElseThrow();
    label7 = db.tx((EntityManager em) -> new GitLabelQueries(em).labelOf(repo7)).orElseThrow();
    label8 = db.tx((EntityManager em) -> em.find(GitLabel.class,
        UUID.fromString(db.tx((EntityManager e) -> new RepoQueries(e)
            .findByUserAndRepoId("user-8", "gh-8")).orElseThrow().getTokenId())));
    attempt = db.tx((EntityManager em) -> new QueueRegistryQueries(em)
        .attemptsOf("msg-100", "processing")).get(0);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /** Runs the call (rolled back), explains its {@code index}-th statement with {@code values}. */
  private static Plans.Plan plan(
      String name, Function<EntityManager, ?> call, int index, Object... values) {
    QueryDb.Recorded<?> recorded = db.recorded(true, call::apply);
    assertThat(recorded.count()).as("%s ran statement %d", name, index).isGreaterThan(index);
    Plans.Plan plan =
        Plans.explain(db.database.dataSource(), recorded.statements().get(index), values);
    System.out.printf("%-40s %s%n", name, plan.summary());
    return plan;
  }

  private static void usesIndex(Plans.Plan plan, String table, String... anyOf) {
    assertThat(plan.indexes()).as("indexes in %s", plan.summary()).containsAnyOf(anyOf);
    assertThat(plan.seqScans()).as("sequential scans in %s", plan.summary())
        .doesNotContain(table);
  }

  private static void scans(Plans.Plan plan, String table) {
    assertThat(plan.seqScans()).as("sequential scans in %s", plan.summary()).contains(table);
  }

  @Test
  void repoPaths() {
    // The page: its boundary found by an index-only scan, then only the page's rows read.
    Plans.Plan heavyPage = plan("repo listByUser(heavy) page",
        em -> new RepoQueries(em).listByUser("heavy", 3, 20), 1,
        "heavy", 60, "heavy", "heavy", 60, "heavy", 20);
    usesIndex(heavyPage, "repo", REPO_BY_TIME);
    assertThat(heavyPage.summary()).contains("Index Only Scan using " + REPO_BY_TIME);
    usesIndex(plan("repo pageByUser(heavy)",
        em -> new RepoQueries(em).pageByUser("heavy", 3, 20), 0,
        "heavy", 60, "heavy", "heavy", 60, "heavy", 20),
        "repo", REPO_BY_TIME);
    usesIndex(plan("repo listByUser count",
        em -> new RepoQueries(em).listByUser("user-7", 0, 20), 0, "user-7"),
        "repo", REPO_BY_TIME, REPO_UNIQUE);
    usesIndex(plan("repo listByUser(user-7) page",
        em -> new RepoQueries(em).listByUser("user-7", 0, 20), 1,
        "user-7", 0, "user-7", "user-7", 0, "user-7", 20),
        "repo", REPO_BY_TIME, REPO_UNIQUE);
    usesIndex(plan("repo countByUser",
        em -> new RepoQueries(em).countByUser("heavy"), 0, "heavy"),
        "repo", REPO_BY_TIME, REPO_UNIQUE);
    usesIndex(plan("repo findByUserAndRepoId",
        em -> new RepoQueries(em).findByUserAndRepoId("user-7", "gh-7"), 0, "user-7", "gh-7", 1),
        "repo", REPO_UNIQUE);
    usesIndex(plan("repo findByUserAndAlias",
        em -> new RepoQueries(em).findByUserAndAlias("user-7", "alias-7"), 0, "user-7", "alias-7",
        1), "repo", REPO_BY_TIME, REPO_UNIQUE);
    usesIndex(plan("repo findByUserAndRelativePath",
        em -> new RepoQueries(em).findByUserAndRelativePath("user-7", "user-7/project-7"), 0,
        "user-7", "user-7/project-7", 1), "repo", REPO_BY_TIME, REPO_UNIQUE);
    usesIndex(plan("repo findByUserAndHtmlUrl",
        em -> new RepoQueries(em).findByUserAndHtmlUrl("user-7",
            "https://github.com/user-7/project-7"), 0, "user-7",
        "https://github.com/user-7/project-7", 1), "repo", REPO_BY_TIME, REPO_UNIQUE);
    usesIndex(plan("repo findById",
        em -> new RepoQueries(em).findById(repo7.getId()), 0, repo7.getId()),
        "repo", "repo_pkey");
    Instant now = Instant.parse("2025-06-01T00:00:00Z");
    usesIndex(plan("repo updateAnalysis",
        em -> new RepoQueries(em).updateAnalysis(repo7.getId(),
            new RepoQueries.AnalysisUpdate().status("completed").totalChunks(3)), 0,
        "completed", 3, now, repo7.getId()), "repo", "repo_pkey");
  }

  @Test
  void relationshipPaths() {
    CodeChunk chunk = new CodeChunk();
    chunk.setRepoId(repo7.getId().toString());
    usesIndex(plan("repoOf(chunk)", em -> new RepoQueries(em).repoOf(chunk), 0, repo7.getId()),
        "repo", "repo_pkey");
    CodeChunk other = new CodeChunk();
    other.setRepoId(label7.getId().toString());
    usesIndex(plan("reposOfChunks",
        em -> new RepoQueries(em).reposOfChunks(List.of(chunk, other)), 0, repo7.getId(),
        label7.getId()), "repo", "repo_pkey");
    usesIndex(plan("reposOf(label)", em -> new RepoQueries(em).reposOf(label7), 0, "user-7",
        label7.getId().toString()), "repo", REPO_BY_TIME, REPO_UNIQUE);
    usesIndex(plan("reposOfLabels",
        em -> new RepoQueries(em).reposOfLabels(List.of(label7, label8)), 0, "user-7", "user-8",
        label7.getId().toString(), label8.getId().toString()),
        "repo", REPO_BY_TIME, REPO_UNIQUE);
    usesIndex(plan("withLabels", em -> new RepoQueries(em).withLabels(List.of(repo7)), 0,
        label7.getId()), "git_label", "git_label_pkey");
    usesIndex(plan("labelOf(repo)", em -> new GitLabelQueries(em).labelOf(repo7), 0,
        label7.getId(), "user-7", 1), "git_label", "git_label_pkey");
    scans(plan("chunksOf(repo)", em -> new CodeChunkQueries(em).chunksOf(repo7, 100), 0,
        repo7.getId().toString(), 100), "code_chunks");
  }

  @Test
  void chunkPathsAreSequentialScansAsDocumented() {
    String repoId = repo7.getId().toString();
    scans(plan("chunks findByRepo", em -> new CodeChunkQueries(em).findByRepo(repoId, 100), 0,
        repoId, 100), "code_chunks");
    scans(plan("chunks findByRepoAndFileName",
        em -> new CodeChunkQueries(em).findByRepoAndFileName(repoId, "f7", 100), 0, repoId,
        "%f7%", 100), "code_chunks");
    scans(plan("chunks countByRepo", em -> new CodeChunkQueries(em).countByRepo(repoId), 0,
        repoId), "code_chunks");
    scans(plan("chunks deleteByRepo", em -> new CodeChunkQueries(em).deleteByRepo(repoId), 0,
        repoId), "code_chunks");
  }

  @Test
  void apiKeyPaths() {
    String hash = db.tx((EntityManager em) -> em.createQuery(
        "select a.apiKey from ApiKey a where a.userId = 'user-7'", String.class)
        .setMaxResults(1).getSingleResult());
    scans(plan("api_key existsByHash", em -> new ApiKeyQueries(em).existsByHash(hash), 0, hash,
        1), "api_key");
    scans(plan("api_key findActiveByHash", em -> new ApiKeyQueries(em).findActiveByHash(hash), 0,
        hash, 1), "api_key");
    scans(plan("api_key listActiveByUser page",
        em -> new ApiKeyQueries(em).listActiveByUser("user-7", 0, 20), 1, "user-7", 0, 20),
        "api_key");
    scans(plan("api_key countActiveByUser",
        em -> new ApiKeyQueries(em).countActiveByUser("user-7"), 0, "user-7"), "api_key");
    UUID id = UUID.nameUUIDFromBytes("any".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Instant now = Instant.parse("2025-06-01T00:00:00Z");
    usesIndex(plan("api_key deactivate", em -> new ApiKeyQueries(em).deactivate("user-7", id), 0,
        now, id, "user-7"), "api_key", "api_key_pkey");
    usesIndex(plan("api_key touchLastUsed", em -> new ApiKeyQueries(em).touchLastUsed(id), 0,
        now, now, id), "api_key", "api_key_pkey");
  }

  @Test
  void gitLabelPaths() {
    usesIndex(plan("git_label listByUser count",
        em -> new GitLabelQueries(em).listByUser("user-7", 0, 20), 0, "user-7"),
        "git_label", LABEL_UNIQUE);
    usesIndex(plan("git_label listByUser page",
        em -> new GitLabelQueries(em).listByUser("user-7", 0, 20), 1, "user-7", 0, 20),
        "git_label", LABEL_UNIQUE);
    usesIndex(plan("git_label countByUser", em -> new GitLabelQueries(em).countByUser("user-7"),
        0, "user-7"), "git_label", LABEL_UNIQUE);
    usesIndex(plan("git_label listByUserAndHosting page",
        em -> new GitLabelQueries(em).listByUserAndHosting("user-8", "github", 0, 20), 1,
        "user-8", "github", 0, 20), "git_label", LABEL_UNIQUE);
    usesIndex(plan("git_label countByUserAndHosting",
        em -> new GitLabelQueries(em).countByUserAndHosting("user-8", "github"), 0, "user-8",
        "github"), "git_label", LABEL_UNIQUE);
    usesIndex(plan("git_label listByUserAndLabel page",
        em -> new GitLabelQueries(em).listByUserAndLabel("user-7", "label", 0, 20), 1, "user-7",
        "%label%", 0, 20), "git_label", LABEL_UNIQUE);
    usesIndex(plan("git_label countByUserAndLabel",
        em -> new GitLabelQueries(em).countByUserAndLabel("user-7", "label"), 0, "user-7",
        "%label%"), "git_label", LABEL_UNIQUE);
    usesIndex(plan("git_label findByIdAndUser",
        em -> new GitLabelQueries(em).findByIdAndUser(label7.getId(), "user-7"), 0,
        label7.getId(), "user-7", 1), "git_label", "git_label_pkey");
    usesIndex(plan("git_label deleteByIdAndUser",
        em -> new GitLabelQueries(em).deleteByIdAndUser(label7.getId(), "user-7"), 0,
        label7.getId(), "user-7"), "git_label", "git_label_pkey");
  }

  @Test
  void userPaths() {
    usesIndex(plan("user findByUserId", em -> new UserQueries(em).findByUserId("user-7"), 0,
        "user-7", 1), "user", USER_BY_ID);
    usesIndex(plan("user findAllByUserId", em -> new UserQueries(em).findAllByUserId("user-7"), 0,
        "user-7"), "user", USER_BY_ID);
    usesIndex(plan("user addTokenUsage", em -> new UserQueries(em).addTokenUsage("user-7", 10), 0,
        10, Instant.parse("2025-06-01T00:00:00Z"), "user-7"), "user", USER_BY_ID);
  }

  @Test
  void registryPaths() {
    usesIndex(plan("registry previousOf", em -> new QueueRegistryQueries(em).previousOf(attempt),
        0, attempt.getPreviousMessageId()), "queue_processing_registry",
        "queue_processing_registry_pkey");
    Plans.Plan chain = plan("registry chainOf",
        em -> new QueueRegistryQueries(em).chainOf(attempt), 0, attempt.getId());
    usesIndex(chain, "queue_processing_registry", "queue_processing_registry_pkey");
    usesIndex(plan("registry nextOf", em -> new QueueRegistryQueries(em).nextOf(attempt), 0,
        "msg-100", attempt.getId()), "queue_processing_registry", REGISTRY_BY_MESSAGE);
    usesIndex(plan("registry attemptsOf",
        em -> new QueueRegistryQueries(em).attemptsOf("msg-100", "processing"), 0, "msg-100",
        "processing"), "queue_processing_registry", REGISTRY_BY_MESSAGE);
  }
}
