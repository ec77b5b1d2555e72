package ai.devdox.models.query;

import static ai.devdox.models.query.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.Repo;
import ai.devdox.models.testsupport.Connectivity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Written once, run directly ({@link RepoQueriesDirectTest}) and through PgBouncer in
 * transaction mode ({@link RepoQueriesPoolerTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RepoQueriesContract {

  /** Which way the library reaches the database. */
  abstract Connectivity connectivity();

  private QueryDb db;
  /** alice's 25 repos, oldest first (alice-0 at minute 0 ... alice-24 at minute 24). */
  private final List<Repo> alice = new ArrayList<>();

  @BeforeAll
  void start() {
    db = QueryDb.start("repo_queries", connectivity());
    db.txDo(
        em -> {
          for (int i = 0; i < 25; i++) {
            Repo repo = Rows.repo("alice", "gh-" + i, i);
            alice.add(repo);
            em.persist(repo);
          }
          for (int i = 0; i < 3; i++) {
            em.persist(Rows.repo("bob", "gh-" + i, 100 + i));
          }
          // Two of alice's repos share an alias, a path and a URL: the newest one wins.
          Repo older = Rows.repo("alice", "gl-1", 30);
          Repo newer = Rows.repo("alice", "gl-2", 31);
          for (Repo twin : List.of(older, newer)) {
            twin.setRepoAliasName("shared-alias");
            twin.setRelativePath("group/shared");
            twin.setHtmlUrl("https://gitlab.com/group/shared");
            em.persist(twin);
          }
        });
  }

  @AfterAll
  void stop() {
    db.close();
  }

  private Optional<Repo> repo(Function<RepoQueries, Optional<Repo>> query) {
    return db.tx(em -> query.apply(new RepoQueries(em)));
  }

  private long count(ToLongFunction<RepoQueries> query) {
    return db.tx(em -> query.applyAsLong(new RepoQueries(em)));
  }

  private boolean done(Predicate<RepoQueries> update) {
    return db.tx(em -> update.test(new RepoQueries(em)));
  }

  @Test
  void listsNewestFirstWithTotalsAndPageEdges() {
    QueryDb.Recorded<Page<Repo>> first =
        db.recorded(em -> new RepoQueries(em).listByUser("alice", 0, 10)).print("page 0 of 10");
    assertThat(first.count()).isEqualTo(2);
    Page<Repo> page = first.result();
    assertThat(page.total()).isEqualTo(27);
    assertThat(page.totalPages()).isEqualTo(3);
    assertThat(page.hasNext()).isTrue();
    assertThat(page.items()).extracting(Repo::getRepoId)
        .containsExactly("gl-2", "gl-1", "gh-24", "gh-23", "gh-22", "gh-21", "gh-20", "gh-19",
            "gh-18", "gh-17");

    Page<Repo> last = db.recorded(em -> new RepoQueries(em).listByUser("alice", 2, 10)).result();
    assertThat(last.items()).extracting(Repo::getRepoId)
        .containsExactly("gh-6", "gh-5", "gh-4", "gh-3", "gh-2", "gh-1", "gh-0");
    assertThat(last.hasNext()).isFalse();
    assertThat(last.page()).isEqualTo(2);
    assertThat(last.size()).isEqualTo(10);

    QueryDb.Recorded<Page<Repo>> past =
        db.recorded(em -> new RepoQueries(em).listByUser("alice", 3, 10)).print("page past end");
    assertThat(past.result().items()).isEmpty();
    assertThat(past.result().total()).isEqualTo(27);
    assertThat(past.count()).as("past the end only the count runs").isEqualTo(1);

    QueryDb.Recorded<Page<Repo>> exact =
        db.recorded(em -> new RepoQueries(em).listByUser("alice", 0, 27));
    assertThat(exact.result().items()).hasSize(27);
    assertThat(exact.result().hasNext()).isFalse();

    QueryDb.Recorded<Page<Repo>> nobody =
        db.recorded(em -> new RepoQueries(em).listByUser("carol", 0, 10));
    assertThat(nobody.result().items()).isEmpty();
    assertThat(nobody.result().total()).isZero();
    assertThat(nobody.result().totalPages()).isZero();
    assertThat(nobody.count()).isEqualTo(1);
  }

  @Test
  void pagesKeepTheIdOrderWithinTiesOfCreatedAt() {
    // 23 repos on 4 instants: every page boundary falls inside or at the edge of a tie, which the
    // page query resolves by id; the reference is the plain OFFSET query in the same order.
    db.txDo(
        em -> {
          for (int i = 0; i < 23; i++) {
            em.persist(Rows.repo("tied", "t-" + i, 200 + i % 4));
          }
        });
    List<UUID> all =
        db.tx(em -> em.createQuery(
                "select r.id from Repo r where r.userId = 'tied'"
                    + " order by r.createdAt desc, r.id desc",
                UUID.class)
            .getResultList());
    assertThat(all).hasSize(23);
    for (int size = 1; size <= 8; size++) {
      for (int page = 0; page * size <= 23 + size; page++) {
        int from = Math.min(page * size, 23);
        List<UUID> expected = all.subList(from, Math.min(from + size, 23));
        int p = page;
        int n = size;
        List<Repo> got = db.tx(em -> new RepoQueries(em).pageByUser("tied", p, n));
        assertThat(got)
            .as("page %d of size %d", p, n)
            .extracting(Repo::getId)
            .containsExactlyElementsOf(expected);
        List<Repo> listed = db.tx(em -> new RepoQueries(em).listByUser("tied", p, n).items());
        assertThat(listed)
            .as("listByUser page %d of size %d", p, n)
            .extracting(Repo::getId)
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void aPageWithoutTheTotalIsOneStatementAndSeesUnflushedRepos() {
    QueryDb.Recorded<List<Repo>> page =
        db.recorded(em -> new RepoQueries(em).pageByUser("alice", 1, 10)).print("pageByUser");
    assertThat(page.count()).isEqualTo(1);
    assertThat(page.result()).extracting(Repo::getRepoId)
        .containsExactly("gh-16", "gh-15", "gh-14", "gh-13", "gh-12", "gh-11", "gh-10", "gh-9",
            "gh-8", "gh-7");
    List<Repo> pastTheEnd = db.tx(em -> new RepoQueries(em).pageByUser("alice", 3, 10));
    assertThat(pastTheEnd).isEmpty();
    List<Repo> nobody = db.tx(em -> new RepoQueries(em).pageByUser("carol", 0, 10));
    assertThat(nobody).isEmpty();

    // A repo persisted in the same transaction and not yet flushed is listed, as by JPQL.
    List<Repo> withNew =
        db.recorded(
                true,
                em -> {
                  em.persist(Rows.repo("dora", "d-1", 500));
                  return new RepoQueries(em).pageByUser("dora", 0, 10);
                })
            .result();
    assertThat(withNew).extracting(Repo::getRepoId).containsExactly("d-1");

    // Each row is the managed entity of the persistence context.
    db.txDo(
        em -> {
          Repo loaded = em.find(Repo.class, alice.get(24).getId());
          List<Repo> first = new RepoQueries(em).pageByUser("alice", 0, 3);
          assertThat(first).extracting(Repo::getRepoId).containsExactly("gl-2", "gl-1", "gh-24");
          assertThat(first.get(2)).isSameAs(loaded);
        });
  }

  @Test
  void pagesInANamedSchemaAndWithAColumnAnotherServiceAdded() {
    try (QueryDb named =
        QueryDb.start("repo_queries_schema", connectivity(), b -> b.schema("devdox_repos"))) {
      // The page query reads the row as stored; a column the entity does not map is ignored.
      named.sql("ALTER TABLE devdox_repos.repo ADD COLUMN added_by_python text DEFAULT 'x'");
      named.txDo(
          em -> {
            for (int i = 0; i < 5; i++) {
              em.persist(Rows.repo("erin", "e-" + i, i));
            }
          });
      List<Repo> page = named.tx(em -> new RepoQueries(em).pageByUser("erin", 1, 2));
      assertThat(page)
          .extracting(Repo::getRepoId)
          .containsExactly("e-2", "e-1");
      long total = named.tx(em -> new RepoQueries(em).listByUser("erin", 0, 10).total());
      assertThat(total).isEqualTo(5);
    }
    // Nothing of it went to the public schema.
    assertThat(count(q -> q.countByUser("erin"))).isZero();
  }

  @Test
  void counts() {
    assertThat(count(q -> q.countByUser("alice"))).isEqualTo(27);
    assertThat(count(q -> q.countByUser("bob"))).isEqualTo(3);
    assertThat(count(q -> q.countByUser("carol"))).isZero();
  }

  @Test
  void findsByIdAndByUserWithEachKey() {
    Repo target = alice.get(7);
    assertThat(repo(q -> q.findById(target.getId())))
        .get().extracting(Repo::getRepoId).isEqualTo("gh-7");
    assertThat(repo(q -> q.findById(UUID.randomUUID()))).isEmpty();

    assertThat(repo(q -> q.findByUserAndRepoId("alice", "gh-7")))
        .get().isEqualTo(target);
    assertThat(repo(q -> q.findByUserAndRepoId("bob", "gh-2")))
        .get().extracting(Repo::getUserId).isEqualTo("bob");
    assertThat(repo(q -> q.findByUserAndRepoId("bob", "gh-7"))).isEmpty();

    assertThat(repo(q -> q.findByUserAndAlias("alice", "alias-gh-7")))
        .get().isEqualTo(target);
    assertThat(repo(q -> q.findByUserAndRelativePath("alice",
        "alice/project-gh-7"))).get().isEqualTo(target);
    assertThat(repo(q -> q.findByUserAndHtmlUrl("alice",
        "https://github.com/alice/project-gh-7"))).get().isEqualTo(target);

    assertThat(repo(q -> q.findByUserAndAlias("alice", "shared-alias")))
        .get().extracting(Repo::getRepoId).isEqualTo("gl-2");
    assertThat(repo(q -> q.findByUserAndRelativePath("alice",
        "group/shared"))).get().extracting(Repo::getRepoId).isEqualTo("gl-2");
    assertThat(repo(q -> q.findByUserAndHtmlUrl("alice",
        "https://gitlab.com/group/shared"))).get().extracting(Repo::getRepoId).isEqualTo("gl-2");

    // Another user's keys find nothing.
    assertThat(repo(q -> q.findByUserAndAlias("bob", "alias-gh-7"))).isEmpty();
    assertThat(repo(q -> q.findByUserAndRelativePath("bob",
        "alice/project-gh-7"))).isEmpty();
    assertThat(repo(q -> q.findByUserAndHtmlUrl("bob",
        "https://github.com/alice/project-gh-7"))).isEmpty();
  }

  @Test
  void updateAnalysisWritesOnlyTheGivenFieldsAndMovesUpdatedAt() {
    Repo target = alice.get(3);
    Repo before = db.tx(em -> em.find(Repo.class, target.getId()));
    Instant ended = Instant.parse("2025-03-02T10:15:30.123456Z");
    QueryDb.Recorded<Boolean> update =
        db.recorded(
                em ->
                    new RepoQueries(em)
                        .updateAnalysis(
                            target.getId(),
                            new RepoQueries.AnalysisUpdate()
                                .status("completed")
                                .totalFiles(42)
                                .totalChunks(1234)
                                .processingEndTime(ended)
                                .lastCommit("abc123def")
                                .repoSystemReference("s3://bucket/analysis/gh-3")
                                .errorMessage(null)))
            .print("updateAnalysis");
    assertThat(update.result()).isTrue();
    assertThat(update.count()).isEqualTo(1);
    assertThat(update.last()).startsWith("update repo");

    Repo after = db.tx(em -> em.find(Repo.class, target.getId()));
    assertThat(after.getStatus()).isEqualTo("completed");
    assertThat(after.getTotalFiles()).isEqualTo(42);
    assertThat(after.getTotalChunks()).isEqualTo(1234);
    assertThat(after.getProcessingEndTime()).isEqualTo(ended);
    assertThat(after.getLastCommit()).isEqualTo("abc123def");
    assertThat(after.getRepoSystemReference()).isEqualTo("s3://bucket/analysis/gh-3");
    assertThat(after.getErrorMessage()).isNull();
    assertThat(after.getUpdatedAt()).isAfter(before.getUpdatedAt());
    // Fields not in the update are untouched.
    assertThat(after.getProcessingStartTime()).isNull();
    assertThat(after.getDescription()).isEqualTo(before.getDescription());
    assertThat(after.getCreatedAt()).isEqualTo(before.getCreatedAt());

    // A failure later: the error message is set, then cleared by a retry.
    db.txDo(em -> new RepoQueries(em).updateAnalysis(target.getId(),
        new RepoQueries.AnalysisUpdate().status("failed").errorMessage("clone failed: 404")));
    assertThat(db.tx(em -> em.find(Repo.class, target.getId())).getErrorMessage())
        .isEqualTo("clone failed: 404");
    db.txDo(em -> new RepoQueries(em).updateAnalysis(target.getId(),
        new RepoQueries.AnalysisUpdate().status("pending").errorMessage(null)));
    assertThat(db.tx(em -> em.find(Repo.class, target.getId())).getErrorMessage()).isNull();

    assertThat(done(q -> q.updateAnalysis(UUID.randomUUID(),
        new RepoQueries.AnalysisUpdate().status("completed")))).isFalse();
  }

  @Test
  void badArgumentsFailBeforeAnyQuery() {
    assertRejected(db, "userId", em -> new RepoQueries(em).listByUser(null, 0, 10));
    assertRejected(db, "userId", em -> new RepoQueries(em).listByUser(" ", 0, 10));
    assertRejected(db, "page", em -> new RepoQueries(em).listByUser("alice", -1, 10));
    assertRejected(db, "size", em -> new RepoQueries(em).listByUser("alice", 0, 0));
    assertRejected(db, "page", em -> new RepoQueries(em).listByUser("alice", 1 << 20, 1 << 20));
    assertRejected(db, "userId", em -> new RepoQueries(em).pageByUser(null, 0, 10));
    assertRejected(db, "page", em -> new RepoQueries(em).pageByUser("alice", -1, 10));
    assertRejected(db, "size", em -> new RepoQueries(em).pageByUser("alice", 0, -3));
    assertRejected(db, "page", em -> new RepoQueries(em).pageByUser("alice", 1 << 20, 1 << 20));
    assertRejected(db, "userId", em -> new RepoQueries(em).countByUser(""));
    assertRejected(db, "id", em -> new RepoQueries(em).findById(null));
    assertRejected(db, "repoId", em -> new RepoQueries(em).findByUserAndRepoId("alice", null));
    assertRejected(db, "userId", em -> new RepoQueries(em).findByUserAndRepoId("\t", "gh-1"));
    assertRejected(db, "repoAliasName", em -> new RepoQueries(em).findByUserAndAlias("alice", ""));
    assertRejected(db, "userId", em -> new RepoQueries(em).findByUserAndAlias(null, "a"));
    assertRejected(db, "relativePath",
        em -> new RepoQueries(em).findByUserAndRelativePath("alice", " "));
    assertRejected(db, "htmlUrl", em -> new RepoQueries(em).findByUserAndHtmlUrl("alice", null));
    assertRejected(db, "id", em -> new RepoQueries(em).updateAnalysis(null,
        new RepoQueries.AnalysisUpdate().status("x")));
    assertRejected(db, "update", em -> new RepoQueries(em).updateAnalysis(UUID.randomUUID(),
        null));
    assertRejected(db, "update sets no field", em -> new RepoQueries(em).updateAnalysis(
        UUID.randomUUID(), new RepoQueries.AnalysisUpdate()));
    assertRejected(db, "status", em -> new RepoQueries.AnalysisUpdate().status(" "));
    assertRejected(db, "status", em -> new RepoQueries.AnalysisUpdate().status("x".repeat(256)));
    assertRejected(db, "totalFiles", em -> new RepoQueries.AnalysisUpdate().totalFiles(-1));
    assertRejected(db, "totalChunks", em -> new RepoQueries.AnalysisUpdate().totalChunks(-5));
    assertRejected(db, "lastCommit", em -> new RepoQueries.AnalysisUpdate().lastCommit(null));
    assertRejected(db, "chunk", em -> new RepoQueries(em).repoOf(null));
    assertRejected(db, "chunks", em -> new RepoQueries(em).reposOfChunks(null));
    assertRejected(db, "label", em -> new RepoQueries(em).reposOf(null));
    assertRejected(db, "labels", em -> new RepoQueries(em).reposOfLabels(null));
    assertRejected(db, "repos", em -> new RepoQueries(em).withLabels(null));
    assertRejected(db, "repos holds null at position 1",
        em -> new RepoQueries(em).withLabels(java.util.Arrays.asList(alice.get(0), null)));
    assertRejected(db, "entityManager", em -> new RepoQueries(null));
  }
}
