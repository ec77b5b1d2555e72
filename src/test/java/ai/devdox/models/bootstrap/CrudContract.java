package ai.devdox.models.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.ApiKey;
import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.GitLabel;
import ai.devdox.models.entity.QueueProcessingRegistry;
import ai.devdox.models.entity.RegistryStatus;
import ai.devdox.models.entity.Repo;
import ai.devdox.models.entity.User;
import ai.devdox.models.testsupport.Connectivity;
import ai.devdox.models.testsupport.Samples;
import ai.devdox.models.testsupport.TestPostgres;
import ai.devdox.models.testsupport.TestPostgres.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Create, read, update and delete of all six entities, written once and run both directly
 * ({@link CrudDirectTest}) and through PgBouncer in transaction mode ({@link CrudPoolerTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrudContract {

  private TestDatabase database;
  private DevdoxDatabase devdox;

  /** Which way the database is reached. */
  abstract Connectivity connectivity();

  @BeforeAll
  void start() {
    database = TestPostgres.newDatabase("crud_" + connectivity().name());
    devdox =
        DevdoxDatabase.start(
            connectivity().config(database).schemaAction(SchemaAction.CREATE_MISSING).build());
  }

  @AfterAll
  void stop() {
    if (devdox != null) {
      devdox.close();
    }
  }

  @BeforeEach
  void empty() {
    DevdoxFixture.reset(devdox);
  }

  @Test
  void everyEntityIsWrittenReadUpdatedAndDeleted() {
    User user = Samples.user("u-crud");
    ApiKey key = Samples.apiKey("u-crud", "a".repeat(64));
    GitLabel label = Samples.gitLabel("u-crud", "enc:token");
    Repo repo = Samples.repo("u-crud", "alias-1");
    repo.setTokenId(label.getId().toString());
    CodeChunk chunk = Samples.chunk("u-crud", repo.getId().toString(), 768, 1);
    QueueProcessingRegistry attempt = Samples.registry("m-1", RegistryStatus.PENDING);
    List<Object> rows = List.of(user, key, label, repo, chunk, attempt);
    devdox.inTransactionDo(em -> rows.forEach(em::persist));

    devdox.inTransactionDo(
        em -> {
          User u = em.find(User.class, user.getId());
          assertThat(u.getEmail()).isEqualTo("u-crud@example.com");
          assertThat(u.getEncryptionSalt()).isEqualTo("0");
          assertThat(em.find(ApiKey.class, key.getId()).getApiKey()).isEqualTo("a".repeat(64));
          assertThat(em.find(GitLabel.class, label.getId()).getTokenValue()).isEqualTo("enc:token");
          Repo r = em.find(Repo.class, repo.getId());
          assertThat(r.getLanguage()).containsExactly("Python", "Java");
          assertThat(r.getRepoCreatedAt()).isEqualTo(repo.getRepoCreatedAt());
          CodeChunk c = em.find(CodeChunk.class, chunk.getId());
          assertThat(c.getEmbedding()).isEqualTo(chunk.getEmbedding());
          assertThat(c.getMetadata()).containsEntry("start_line", 1);
          assertThat(em.find(QueueProcessingRegistry.class, attempt.getId()).getStatus())
              .isEqualTo(RegistryStatus.PENDING);
        });

    var before = devdox.inTransaction(em -> em.find(Repo.class, repo.getId()).getUpdatedAt());
    devdox.inTransactionDo(
        em -> {
          Repo r = em.find(Repo.class, repo.getId());
          r.setStatus("analysed");
          r.setTotalChunks(1);
          em.find(QueueProcessingRegistry.class, attempt.getId())
              .setStatus(RegistryStatus.COMPLETED);
          em.find(User.class, user.getId()).setTokenUsed(7);
        });
    devdox.inTransactionDo(
        em -> {
          Repo r = em.find(Repo.class, repo.getId());
          assertThat(r.getStatus()).isEqualTo("analysed");
          assertThat(r.getUpdatedAt()).isAfter(before);
          assertThat(em.find(QueueProcessingRegistry.class, attempt.getId()).getStatus())
              .isEqualTo(RegistryStatus.COMPLETED);
          assertThat(em.find(User.class, user.getId()).getTokenUsed()).isEqualTo(7);
        });

    devdox.inTransactionDo(
        em -> {
          for (Object row : rows) {
            em.remove(em.merge(row));
          }
        });
    assertThat(countAll()).isZero();
  }

  @Test
  void queriesRunMoreOftenThanTheDriverWouldPrepareThem() {
    // pgjdbc turns a statement run 5 times into a named server-side prepared statement; behind a
    // transaction pooler the next transaction may land on a server connection that lacks it. The
    // preset's prepareThreshold=0 keeps every statement unnamed, so this passes both ways.
    for (int i = 0; i < 40; i++) {
      String userId = "u-" + (i % 3);
      int n = i;
      devdox.inTransactionDo(em -> em.persist(Samples.repo(userId, "alias-" + n)));
      long count =
          devdox.inTransaction(
              em ->
                  em.createQuery("select count(r) from Repo r where r.userId = :u", Long.class)
                      .setParameter("u", userId)
                      .getSingleResult());
      assertThat(count).isEqualTo(i / 3 + 1);
    }
    List<Repo> newest =
        devdox.inTransaction(
            em ->
                em.createQuery(
                        "select r from Repo r where r.userId = :u order by r.createdAt desc",
                        Repo.class)
                    .setParameter("u", "u-0")
                    .setFirstResult(2)
                    .setMaxResults(5)
                    .getResultList());
    assertThat(newest).hasSize(5);
  }

  @Test
  void manyConcurrentTransactionsShareTheConnections() throws Exception {
    int threads = 8;
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    String message = "msg-" + UUID.randomUUID();
                    devdox.inTransactionDo(
                        em -> em.persist(Samples.registry(message, RegistryStatus.PENDING)));
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long rows =
        devdox.inTransaction(
            em ->
                em.createQuery("select count(q) from QueueProcessingRegistry q", Long.class)
                    .getSingleResult());
    assertThat(rows).isEqualTo(threads * perThread);
  }

  @Test
  void aBatchOfChunksIsInsertedAndReadBack() {
    String repoId = UUID.randomUUID().toString();
    List<CodeChunk> chunks = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      chunks.add(Samples.chunk("u-batch", repoId, 768, i));
    }
    long started = System.nanoTime();
    devdox.inTransactionDo(em -> chunks.forEach(em::persist));
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.println(
        connectivity() + ": inserted 300 chunks of 768 numbers in one transaction in " + millis
            + " ms");
    List<CodeChunk> back =
        devdox.inTransaction(
            em ->
                em.createQuery(
                        "select c from CodeChunk c where c.repoId = :r and c.fileName = :f",
                        CodeChunk.class)
                    .setParameter("r", repoId)
                    .setParameter("f", "f.py")
                    .getResultList());
    assertThat(back).hasSize(300);
    CodeChunk first = back.stream().filter(c -> c.getId().equals(chunks.get(0).getId())).findAny()
        .orElseThrow();
    assertThat(first.getEmbedding()).isEqualTo(chunks.get(0).getEmbedding());
    int deleted =
        devdox.inTransaction(
            em ->
                em.createQuery("delete from CodeChunk c where c.repoId = :r")
                    .setParameter("r", repoId)
                    .executeUpdate());
    assertThat(deleted).isEqualTo(300);
  }

  private long countAll() {
    return devdox.inTransaction(
        em -> {
          long total = 0;
          for (String entity :
              List.of("User", "ApiKey", "GitLabel", "Repo", "CodeChunk", "QueueProcessingRegistry")) {
            total += em.createQuery("select count(e) from " + entity + " e", Long.class)
                .getSingleResult();
          }
          return total;
        });
  }
}
