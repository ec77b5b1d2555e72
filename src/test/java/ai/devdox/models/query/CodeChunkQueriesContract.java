package ai.devdox.models.query;

import static ai.devdox.models.query.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.Repo;
import ai.devdox.models.testsupport.Connectivity;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Written once, run directly ({@link CodeChunkQueriesDirectTest}) and through PgBouncer in
 * transaction mode ({@link CodeChunkQueriesPoolerTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CodeChunkQueriesContract {

  /** Which way the library reaches the database. */
  abstract Connectivity connectivity();

  private QueryDb db;
  private Repo app;
  private Repo lib;
  private final List<CodeChunk> appChunks = new ArrayList<>();

  @BeforeAll
  void start() {
    db = QueryDb.start("chunk_queries", connectivity());
    app = Rows.repo("alice", "gh-app", 0);
    lib = Rows.repo("alice", "gh-lib", 1);
    Random random = new Random(7);
    String[] files = {
      "README.md", "README.md", "readme_old.txt", "main.py", "main.py", "main.py", "main.py",
      "main.py", "utils_test.py", "utils_test.py", "100%_done.txt"
    };
    for (int i = 0; i < files.length; i++) {
      appChunks.add(Rows.chunk(app, files[i], i, Rows.embedding(random, 768)));
    }
    db.txDo(em -> {
          em.persist(app);
          em.persist(lib);
          appChunks.forEach(em::persist);
          for (int i = 0; i < 4; i++) {
            em.persist(Rows.chunk(lib, "lib.py", 50 + i, Rows.embedding(random, 768)));
          }
        });
  }

  @AfterAll
  void stop() {
    db.close();
  }

  private List<CodeChunk> chunks(Function<CodeChunkQueries, List<CodeChunk>> query) {
    return db.tx((EntityManager em) -> query.apply(new CodeChunkQueries(em)));
  }

  private long count(ToLongFunction<CodeChunkQueries> query) {
    return db.tx((EntityManager em) -> query.applyAsLong(new CodeChunkQueries(em)));
  }

  private String appId() {
    return app.getId().toString();
  }

  @Test
  void readsARepoNewestFirstWithALimit() {
    QueryDb.Recorded<List<CodeChunk>> all =
        db.recorded(em -> new CodeChunkQueries(em).findByRepo(appId(), 100)).print("findByRepo");
    assertThat(all.count()).isEqualTo(1);
    assertThat(all.result()).hasSize(11);
    assertThat(all.result()).extracting(CodeChunk::getFileName)
        .startsWith("100%_done.txt", "utils_test.py", "utils_test.py", "main.py");
    assertThat(all.result()).allSatisfy(c -> assertThat(c.getRepoId()).isEqualTo(appId()));

    List<CodeChunk> three = db.tx(em -> new CodeChunkQueries(em).findByRepo(appId(), 3));
    assertThat(three).containsExactlyElementsOf(all.result().subList(0, 3));

    // Embeddings and metadata come back exactly as written.
    CodeChunk first = appChunks.get(0);
    CodeChunk back = all.result().get(all.result().size() - 1);
    assertThat(back.getId()).isEqualTo(first.getId());
    assertThat(back.getEmbedding()).hasSize(768).isEqualTo(first.getEmbedding());
    assertThat(back.getMetadata()).containsEntry("language", "python").containsEntry("end_line", 9);

    assertThat(chunks(q -> q.chunksOf(app, 100))).containsExactlyElementsOf(all.result());
    assertThat(chunks(q -> q.findByRepo("no-such-repo", 10))).isEmpty();
  }

  @Test
  void filtersByFileNameContainingTextIgnoringCase() {
    assertThat(chunks(q -> q.findByRepoAndFileName(appId(), "readme", 10)))
        .extracting(CodeChunk::getFileName)
        .containsExactly("readme_old.txt", "README.md", "README.md");
    assertThat(chunks(q -> q.findByRepoAndFileName(appId(), "MAIN.PY", 2)))
        .hasSize(2)
        .allSatisfy(c -> assertThat(c.getFileName()).isEqualTo("main.py"));
    // Pattern characters match themselves.
    assertThat(chunks(q -> q.findByRepoAndFileName(appId(), "%", 10)))
        .extracting(CodeChunk::getFileName).containsExactly("100%_done.txt");
    assertThat(chunks(q -> q.findByRepoAndFileName(appId(), "_", 10)))
        .extracting(CodeChunk::getFileName)
        .containsExactlyInAnyOrder("100%_done.txt", "utils_test.py", "utils_test.py",
            "readme_old.txt");
    assertThat(chunks(q -> q.findByRepoAndFileName(appId(), "lib", 10)))
        .as("another repo's files").isEmpty();
  }

  @Test
  void countsAndDeletesOneRepoOnly() {
    assertThat(count(q -> q.countByRepo(appId()))).isEqualTo(11L);
    assertThat(count(q -> q.countByRepo(lib.getId().toString()))).isEqualTo(4L);

    Repo doomed = Rows.repo("alice", "gh-doomed", 2);
    db.txDo(em -> {
          em.persist(doomed);
          for (int i = 0; i < 6; i++) {
            em.persist(Rows.chunk(doomed, "x.py", i, null));
          }
        });
    QueryDb.Recorded<Integer> delete =
        db.recorded(em -> new CodeChunkQueries(em).deleteChunksOf(doomed)).print("deleteByRepo");
    assertThat(delete.result()).isEqualTo(6);
    assertThat(delete.count()).isEqualTo(1);
    assertThat(count(q -> q.countByRepo(doomed.getId().toString()))).isZero();
    assertThat(count(q -> q.deleteByRepo(doomed.getId().toString()))).isZero();
    assertThat(count(q -> q.countByRepo(appId()))).isEqualTo(11L);
  }

  @Test
  void insertAllBatchesFlushesAndDetachesOnlyTheChunks() {
    Repo repo = Rows.repo("dave", "gh-batch", 3);
    Random random = new Random(11);
    List<CodeChunk> chunks = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      chunks.add(Rows.chunk(repo, "f" + (i % 7) + ".py", i, Rows.embedding(random, 16)));
    }
    QueryDb.Recorded<long[]> insert = db.recorded(em -> {
              em.persist(repo);
              Session session = em.unwrap(Session.class);
              Integer before = session.getJdbcBatchSize();
              long written = new CodeChunkQueries(em).insertAll(chunks);
              return new long[] {
                written,
                em.contains(repo) ? 1 : 0,
                chunks.stream().filter(em::contains).count(),
                before == null ? -1 : before,
                session.getJdbcBatchSize() == null ? -1 : session.getJdbcBatchSize()
              };
            });
    long[] result = insert.result();
    assertThat(result[0]).isEqualTo(120);
    assertThat(result[1]).as("the repo persisted before stays managed").isEqualTo(1);
    assertThat(result[2]).as("chunks still managed after insertAll").isZero();
    assertThat(result[4]).as("the session's batch size is restored").isEqualTo(result[3]);
    // 121 inserts (a repo and 120 chunks) in batches of 50: Hibernate prepares each batch's
    // statement once, so far fewer statements than rows.
    System.out.println("insertAll of 120 chunks: " + insert.count() + " prepared statement(s)");
    assertThat(insert.statements()).allSatisfy(sql -> assertThat(sql).startsWith("insert into"));
    assertThat(insert.count()).isLessThanOrEqualTo(5);

    assertThat(count(q -> q.countByRepo(repo.getId().toString()))).isEqualTo(120L);
    CodeChunk sample = chunks.get(77);
    CodeChunk back = db.tx(em -> em.find(CodeChunk.class, sample.getId()));
    assertThat(back.getEmbedding()).isEqualTo(sample.getEmbedding());
    assertThat(back.getFileName()).isEqualTo(sample.getFileName());

    assertThat(count(q -> q.insertAll(List.of()))).isZero();
  }

  @Test
  void insertAllNamesTheFirstBadChunk() {
    Repo repo = Rows.repo("erin", "gh-bad", 4);
    CodeChunk good = Rows.chunk(repo, "a.py", 0, null);
    CodeChunk noRepo = Rows.chunk(repo, "b.py", 1, null);
    noRepo.setRepoId(" ");
    CodeChunk noContent = Rows.chunk(repo, "c.py", 2, null);
    noContent.setContent(null);
    CodeChunk noMetadata = Rows.chunk(repo, "d.py", 3, null);
    noMetadata.setMetadata(null);
    assertRejected(db, "position 1",
        em -> new CodeChunkQueries(em).insertAll(List.of(good, noRepo)));
    assertRejected(db, "has no repoId", em -> new CodeChunkQueries(em).insertAll(List.of(noRepo)));
    assertRejected(db, "has no content",
        em -> new CodeChunkQueries(em).insertAll(List.of(noContent)));
    assertRejected(db, "has no metadata",
        em -> new CodeChunkQueries(em).insertAll(List.of(noMetadata)));
    assertRejected(db, "chunks holds null at position 0",
        em -> new CodeChunkQueries(em).insertAll(Arrays.asList((CodeChunk) null)));
    assertRejected(db, "chunks", em -> new CodeChunkQueries(em).insertAll(null));
  }

  @Test
  void badArgumentsFailBeforeAnyQuery() {
    assertRejected(db, "repoId", em -> new CodeChunkQueries(em).findByRepo(null, 10));
    assertRejected(db, "repoId", em -> new CodeChunkQueries(em).findByRepo("  ", 10));
    assertRejected(db, "limit", em -> new CodeChunkQueries(em).findByRepo(appId(), 0));
    assertRejected(db, "fileName",
        em -> new CodeChunkQueries(em).findByRepoAndFileName(appId(), "", 10));
    assertRejected(db, "repoId",
        em -> new CodeChunkQueries(em).findByRepoAndFileName(null, "a", 10));
    assertRejected(db, "limit",
        em -> new CodeChunkQueries(em).findByRepoAndFileName(appId(), "a", -3));
    assertRejected(db, "repo", em -> new CodeChunkQueries(em).chunksOf(null, 10));
    assertRejected(db, "limit", em -> new CodeChunkQueries(em).chunksOf(app, 0));
    assertRejected(db, "repoId", em -> new CodeChunkQueries(em).countByRepo(""));
    assertRejected(db, "repoId", em -> new CodeChunkQueries(em).deleteByRepo(null));
    assertRejected(db, "repo", em -> new CodeChunkQueries(em).deleteChunksOf(null));
    assertRejected(db, "entityManager", em -> new CodeChunkQueries(null));
  }
}
