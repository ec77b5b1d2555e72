package ai.devdox.models.query;

import static ai.devdox.models.query.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.GitLabel;
import ai.devdox.models.entity.QueueProcessingRegistry;
import ai.devdox.models.entity.RegistryStatus;
import ai.devdox.models.entity.Repo;
import ai.devdox.models.testsupport.Connectivity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every relationship of the seed's diagram, followed both ways, with the SQL that runs counted
 * (and printed): no listing costs a statement per row.
 *
 * <p>Written once, run directly ({@link RelationshipsDirectTest}) and through PgBouncer in
 * transaction mode ({@link RelationshipsPoolerTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RelationshipsContract {

  /** Which way the library reaches the database. */
  abstract Connectivity connectivity();

  private QueryDb db;
  private final List<GitLabel> labels = new ArrayList<>();
  /** 30 repos of alice, oldest first; repo i uses label i % 3, except every 10th has none. */
  private final List<Repo> repos = new ArrayList<>();
  private final List<CodeChunk> chunks = new ArrayList<>();
  private GitLabel bobLabel;
  private Repo strangeToken;
  private Repo foreignToken;
  private final List<QueueProcessingRegistry> attempts = new ArrayList<>();

  @BeforeAll
  void start() {
    db = QueryDb.start("relationships", connectivity());
    for (int i = 0; i < 3; i++) {
      labels.add(Rows.label("alice", i == 2 ? "gitlab" : "github", "label " + i, i));
    }
    bobLabel = Rows.label("bob", "github", "bob's", 5);
    for (int i = 0; i < 30; i++) {
      Repo repo = Rows.repo("alice", "gh-" + i, 10 + i);
      repo.setTokenId(i % 10 == 9 ? null : labels.get(i % 3).getId().toString());
      repos.add(repo);
    }
    for (int r = 0; r < 3; r++) {
      for (int i = 0; i < 40; i++) {
        chunks.add(Rows.chunk(repos.get(r), "file" + (i % 4) + ".py", i, List.of(0.5, -0.25)));
      }
    }
    strangeToken = Rows.repo("alice", "gh-strange", 100);
    strangeToken.setTokenId("not-a-uuid");
    foreignToken = Rows.repo("alice", "gh-foreign", 101);
    foreignToken.setTokenId(bobLabel.getId().toString());
    // A message tried four times: failed, retry, failed, completed.
    UUID previous = null;
    RegistryStatus[] statuses = {
      RegistryStatus.FAILED, RegistryStatus.RETRY, RegistryStatus.FAILED, RegistryStatus.COMPLETED
    };
    for (int i = 0; i < statuses.length; i++) {
      QueueProcessingRegistry attempt = Rows.attempt("msg-42", statuses[i], previous, 200 + i);
      attempts.add(attempt);
      previous = attempt.getId();
    }
    db.txDo(
        em -> {
          labels.forEach(em::persist);
          em.persist(bobLabel);
          repos.forEach(em::persist);
          em.persist(strangeToken);
          em.persist(foreignToken);
          new CodeChunkQueries(em).insertAll(chunks);
          attempts.forEach(em::persist);
          em.persist(Rows.attempt("msg-43", RegistryStatus.COMPLETED, null, 300));
        });
  }

  @AfterAll
  void stop() {
    db.close();
  }

  @Test
  void chunkToRepoAndRepoToChunks() {
    Repo repo = repos.get(1);
    QueryDb.Recorded<List<CodeChunk>> ofRepo =
        db.recorded(em -> new CodeChunkQueries(em).chunksOf(repo, 1000)).print("chunksOf(repo)");
    assertThat(ofRepo.count()).isEqualTo(1);
    assertThat(ofRepo.result()).hasSize(40)
        .allSatisfy(c -> assertThat(c.getRepoId()).isEqualTo(repo.getId().toString()));

    CodeChunk chunk = chunks.get(45);
    QueryDb.Recorded<Optional<Repo>> back =
        db.recorded(em -> new RepoQueries(em).repoOf(chunk)).print("repoOf(chunk)");
    assertThat(back.result()).get().isEqualTo(repo);
    assertThat(back.count()).isEqualTo(1);

    // Many chunks of several repos: one statement, not one per chunk.
    QueryDb.Recorded<Map<String, Repo>> many =
        db.recorded(em -> {
          List<CodeChunk> loaded = new ArrayList<>();
          for (Repo r : repos.subList(0, 3)) {
            loaded.addAll(new CodeChunkQueries(em).chunksOf(r, 1000));
          }
          return new RepoQueries(em).reposOfChunks(loaded);
        }).print("3 x chunksOf + reposOfChunks(120 chunks)");
    assertThat(many.count()).isEqualTo(3 + 1);
    assertThat(many.result()).hasSize(3)
        .containsEntry(repos.get(0).getId().toString(), repos.get(0))
        .containsEntry(repos.get(2).getId().toString(), repos.get(2));

    // Already loaded in the entity manager: no statement at all.
    QueryDb.Recorded<Optional<Repo>> cached =
        db.recorded(em -> {
          em.find(Repo.class, repo.getId());
          return new RepoQueries(em).repoOf(chunk);
        });
    assertThat(cached.result()).get().isEqualTo(repo);
    assertThat(cached.count()).as("the find, then nothing").isEqualTo(1);

    // A repo_id that is no uuid (another writer's mistake) is no link, and runs no query.
    CodeChunk stray = Rows.chunk(repo, "x.py", 0, null);
    stray.setRepoId("r1");
    QueryDb.Recorded<Optional<Repo>> none = db.recorded(em -> new RepoQueries(em).repoOf(stray));
    assertThat(none.result()).isEmpty();
    assertThat(none.count()).isZero();
    CodeChunk gone = Rows.chunk(repo, "x.py", 0, null);
    gone.setRepoId(UUID.randomUUID().toString());
    assertThat(db.recorded(em -> new RepoQueries(em).repoOf(gone)).result()).isEmpty();
    assertThat(db.recorded(em -> new RepoQueries(em).reposOfChunks(List.of(stray, gone)))
        .result()).isEmpty();
  }

  @Test
  void repoToLabelAndLabelToRepos() {
    Repo repo = repos.get(4);
    QueryDb.Recorded<Optional<GitLabel>> label =
        db.recorded(em -> new GitLabelQueries(em).labelOf(repo)).print("labelOf(repo)");
    assertThat(label.result()).get().isEqualTo(labels.get(1));
    assertThat(label.count()).isEqualTo(1);

    QueryDb.Recorded<List<Repo>> ofLabel =
        db.recorded(em -> new RepoQueries(em).reposOf(labels.get(1))).print("reposOf(label)");
    assertThat(ofLabel.count()).isEqualTo(1);
    assertThat(ofLabel.result()).extracting(Repo::getRepoId)
        .containsExactly("gh-28", "gh-25", "gh-22", "gh-16", "gh-13", "gh-10", "gh-7", "gh-4",
            "gh-1");

    QueryDb.Recorded<Map<UUID, List<Repo>>> ofLabels =
        db.recorded(em -> new RepoQueries(em).reposOfLabels(
            List.of(labels.get(0), labels.get(1), labels.get(2), bobLabel)))
            .print("reposOfLabels(4 labels)");
    assertThat(ofLabels.count()).isEqualTo(1);
    assertThat(ofLabels.result().get(labels.get(0).getId())).hasSize(9);
    assertThat(ofLabels.result().get(labels.get(1).getId())).hasSize(9);
    assertThat(ofLabels.result().get(labels.get(2).getId())).hasSize(9)
        .extracting(Repo::getRepoId).startsWith("gh-26", "gh-23");
    assertThat(ofLabels.result().get(bobLabel.getId()))
        .as("alice's repo naming bob's label is not bob's repo").isEmpty();

    // Links that lead nowhere: no token, text that is no uuid, another user's label.
    assertThat(db.recorded(em -> new GitLabelQueries(em).labelOf(repos.get(9))).result())
        .isEmpty();
    QueryDb.Recorded<Optional<GitLabel>> strange =
        db.recorded(em -> new GitLabelQueries(em).labelOf(strangeToken));
    assertThat(strange.result()).isEmpty();
    assertThat(strange.count()).isZero();
    assertThat(db.recorded(em -> new GitLabelQueries(em).labelOf(foreignToken)).result())
        .isEmpty();
  }

  @Test
  void aPageOfReposWithTheirLabelsInThreeStatements() {
    QueryDb.Recorded<List<RepoWithLabel>> page =
        db.recorded(em -> {
          RepoQueries queries = new RepoQueries(em);
          Page<Repo> repoPage = queries.listByUser("alice", 0, 20);
          return queries.withLabels(repoPage.items());
        }).print("listByUser + withLabels (20 repos)");
    assertThat(page.count()).as("count, page, labels").isEqualTo(3);
    List<RepoWithLabel> rows = page.result();
    assertThat(rows).hasSize(20);
    assertThat(rows.get(0).repo()).isEqualTo(foreignToken);
    assertThat(rows.get(0).label()).as("another user's label").isEmpty();
    assertThat(rows.get(1).repo()).isEqualTo(strangeToken);
    assertThat(rows.get(1).label()).isEmpty();
    for (RepoWithLabel row : rows.subList(2, 20)) {
      int i = Integer.parseInt(row.repo().getRepoId().substring(3));
      if (i % 10 == 9) {
        assertThat(row.label()).as("repo %d has no token", i).isEmpty();
      } else {
        assertThat(row.label()).as("label of repo %d", i).get().isEqualTo(labels.get(i % 3));
      }
    }
  }

  @Test
  void listingAndReadingEveryFieldFiresNoFurtherStatement() {
    // The entities have no associations: nothing is lazily loaded while a listing is read.
    QueryDb.Recorded<Integer> read =
        db.recorded(em -> {
          int seen = 0;
          for (Repo repo : new RepoQueries(em).listByUser("alice", 0, 50).items()) {
            seen += repo.toString().length() + repo.getLanguage().size()
                + (repo.getTokenId() == null ? 0 : 1);
          }
          for (CodeChunk chunk : new CodeChunkQueries(em).chunksOf(repos.get(0), 100)) {
            seen += chunk.getEmbedding().size() + chunk.getMetadata().size();
          }
          return seen;
        }).print("listByUser(50) + chunksOf, every field read");
    assertThat(read.result()).isPositive();
    assertThat(read.count()).isEqualTo(3);
  }

  @Test
  void registryAttemptsForwardBackwardAndTheWholeChain() {
    QueryDb.Recorded<Optional<QueueProcessingRegistry>> previous =
        db.recorded(em -> new QueueRegistryQueries(em).previousOf(attempts.get(3)))
            .print("previousOf");
    assertThat(previous.result()).get().isEqualTo(attempts.get(2));
    assertThat(previous.count()).isEqualTo(1);
    QueryDb.Recorded<Optional<QueueProcessingRegistry>> first =
        db.recorded(em -> new QueueRegistryQueries(em).previousOf(attempts.get(0)));
    assertThat(first.result()).isEmpty();
    assertThat(first.count()).isZero();

    QueryDb.Recorded<List<QueueProcessingRegistry>> next =
        db.recorded(em -> new QueueRegistryQueries(em).nextOf(attempts.get(1))).print("nextOf");
    assertThat(next.result()).containsExactly(attempts.get(2));
    assertThat(next.count()).isEqualTo(1);
    assertThat(db.recorded(em -> new QueueRegistryQueries(em).nextOf(attempts.get(3))).result())
        .isEmpty();

    QueryDb.Recorded<List<QueueProcessingRegistry>> chain =
        db.recorded(em -> new QueueRegistryQueries(em).chainOf(attempts.get(3))).print("chainOf");
    assertThat(chain.count()).isEqualTo(1);
    assertThat(chain.result())
        .containsExactly(attempts.get(3), attempts.get(2), attempts.get(1), attempts.get(0));
    assertThat(chain.result().get(0).getStatus()).isEqualTo(RegistryStatus.COMPLETED);
    assertThat(db.recorded(em -> new QueueRegistryQueries(em).chainOf(attempts.get(1))).result())
        .containsExactly(attempts.get(1), attempts.get(0));
    assertThat(db.recorded(em -> new QueueRegistryQueries(em).chainOf(UUID.randomUUID()))
        .result()).isEmpty();

    QueryDb.Recorded<List<QueueProcessingRegistry>> all =
        db.recorded(em -> new QueueRegistryQueries(em).attemptsOf("msg-42", "processing"))
            .print("attemptsOf");
    assertThat(all.count()).isEqualTo(1);
    assertThat(all.result())
        .containsExactly(attempts.get(3), attempts.get(2), attempts.get(1), attempts.get(0));
    assertThat(db.recorded(em -> new QueueRegistryQueries(em).attemptsOf("msg-42", "other"))
        .result()).isEmpty();
  }

  @Test
  void brokenChainsEndInsteadOfLooping() {
    // Rows another writer got wrong: a loop of two, and a link to a row that is gone.
    QueueProcessingRegistry a = Rows.attempt("msg-loop", RegistryStatus.FAILED, null, 400);
    QueueProcessingRegistry b = Rows.attempt("msg-loop", RegistryStatus.FAILED, a.getId(), 401);
    a.setPreviousMessageId(b.getId());
    QueueProcessingRegistry orphan =
        Rows.attempt("msg-orphan", RegistryStatus.RETRY, UUID.randomUUID(), 402);
    db.txDo(em -> {
      em.persist(a);
      em.persist(b);
      em.persist(orphan);
    });
    assertThat(db.recorded(em -> new QueueRegistryQueries(em).chainOf(b)).result())
        .containsExactly(b, a);
    assertThat(db.recorded(em -> new QueueRegistryQueries(em).chainOf(orphan)).result())
        .containsExactly(orphan);
    assertThat(db.recorded(em -> new QueueRegistryQueries(em).previousOf(orphan)).result())
        .isEmpty();
  }

  @Test
  void chainQueryFollowsTheConfiguredSchema() {
    try (QueryDb other =
        QueryDb.start("relationships_schema", connectivity(), c -> c.schema("devdox_app"))) {
      QueueProcessingRegistry one = Rows.attempt("m", RegistryStatus.FAILED, null, 0);
      QueueProcessingRegistry two = Rows.attempt("m", RegistryStatus.COMPLETED, one.getId(), 1);
      other.txDo(em -> {
        em.persist(one);
        em.persist(two);
      });
      QueryDb.Recorded<List<QueueProcessingRegistry>> chain =
          other.recorded(em -> new QueueRegistryQueries(em).chainOf(two));
      assertThat(chain.result()).containsExactly(two, one);
      assertThat(chain.last()).contains("devdox_app.queue_processing_registry");
    }
  }

  @Test
  void badArgumentsFailBeforeAnyQuery() {
    assertRejected(db, "attempt", em -> new QueueRegistryQueries(em).previousOf(null));
    assertRejected(db, "attempt", em -> new QueueRegistryQueries(em).nextOf(null));
    assertRejected(db, "attempt",
        em -> new QueueRegistryQueries(em).chainOf((QueueProcessingRegistry) null));
    assertRejected(db, "id", em -> new QueueRegistryQueries(em).chainOf((UUID) null));
    assertRejected(db, "messageId", em -> new QueueRegistryQueries(em).attemptsOf(" ", "q"));
    assertRejected(db, "queueName", em -> new QueueRegistryQueries(em).attemptsOf("m", null));
    assertRejected(db, "entityManager", em -> new QueueRegistryQueries(null));
  }
}
