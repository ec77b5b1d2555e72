package ai.devdox.models.query;

import static ai.devdox.models.query.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.User;
import ai.devdox.models.testsupport.Connectivity;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Written once, run directly ({@link UserQueriesDirectTest}) and through PgBouncer in
 * transaction mode ({@link UserQueriesPoolerTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UserQueriesContract {

  /** Which way the library reaches the database. */
  abstract Connectivity connectivity();

  private QueryDb db;
  private User alice;
  private User twinOld;
  private User twinNew;

  @BeforeAll
  void start() {
    // Eight threads each hold a connection in the concurrency test.
    db = QueryDb.start("user_queries", connectivity(), config -> config.poolMax(8));
    alice = Rows.user("user_alice", 0);
    twinOld = Rows.user("user_twin", 1);
    twinNew = Rows.user("user_twin", 2);
    db.txDo(
        em -> {
          em.persist(alice);
          em.persist(twinNew);
          em.persist(twinOld);
          em.persist(Rows.user("user_racer", 3));
        });
  }

  @AfterAll
  void stop() {
    db.close();
  }

  @Test
  void findsByUserIdOldestRowFirst() {
    QueryDb.Recorded<java.util.Optional<User>> found =
        db.recorded(em -> new UserQueries(em).findByUserId("user_alice")).print("findByUserId");
    assertThat(found.result()).get().isEqualTo(alice);
    assertThat(found.count()).isEqualTo(1);
    assertThat(db.tx((EntityManager em) -> new UserQueries(em).findByUserId("user_twin")))
        .get().isEqualTo(twinOld);
    assertThat(db.tx((EntityManager em) -> new UserQueries(em).findAllByUserId("user_twin")))
        .containsExactly(twinOld, twinNew);
    assertThat(db.tx((EntityManager em) -> new UserQueries(em).findByUserId("user_nobody")))
        .isEmpty();
    assertThat(db.tx((EntityManager em) -> new UserQueries(em).findAllByUserId("user_nobody")))
        .isEmpty();
  }

  @Test
  void addTokenUsageIsOneUpdateThatMovesUpdatedAt() {
    User before = db.tx((EntityManager em) -> em.find(User.class, alice.getId()));
    QueryDb.Recorded<Integer> add =
        db.recorded(em -> new UserQueries(em).addTokenUsage("user_alice", 1500))
            .print("addTokenUsage");
    assertThat(add.result()).isEqualTo(1);
    assertThat(add.count()).isEqualTo(1);
    assertThat(add.last()).startsWith("update \"user\"").contains("token_used=(");
    User after = db.tx((EntityManager em) -> em.find(User.class, alice.getId()));
    assertThat(after.getTokenUsed()).isEqualTo(before.getTokenUsed() + 1500);
    assertThat(after.getUpdatedAt()).isAfter(before.getUpdatedAt());
    assertThat(after.getCreatedAt()).isEqualTo(before.getCreatedAt());

    assertThat(db.tx((EntityManager em) -> new UserQueries(em).addTokenUsage("user_twin", 10)))
        .as("both rows sharing the user_id").isEqualTo(2);
    assertThat(db.tx((EntityManager em) -> new UserQueries(em).addTokenUsage("user_nobody", 10)))
        .isZero();
  }

  @Test
  void eightThreadsAddingConcurrentlyLoseNoUpdate() throws Exception {
    int threads = 8;
    int callsPerThread = 250;
    long expected = 0;
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < callsPerThread; i++) {
        expected += amount(t, i);
      }
    }
    int startValue = db.tx((EntityManager em) -> new UserQueries(em).findByUserId("user_racer"))
        .orElseThrow().getTokenUsed();
    Instant startUpdatedAt = db.tx((EntityManager em) -> new UserQueries(em)
        .findByUserId("user_racer")).orElseThrow().getUpdatedAt();

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      results.add(
          pool.submit(
              () -> {
                go.await();
                int updated = 0;
                for (int i = 0; i < callsPerThread; i++) {
                  int tokens = amount(thread, i);
                  updated += db.tx((EntityManager em) ->
                          new UserQueries(em).addTokenUsage("user_racer", tokens));
                }
                return updated;
              }));
    }
    long started = System.nanoTime();
    go.countDown();
    int rowsUpdated = 0;
    for (Future<Integer> result : results) {
      rowsUpdated += result.get(5, TimeUnit.MINUTES);
    }
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    pool.shutdown();

    User after = db.tx((EntityManager em) -> new UserQueries(em).findByUserId("user_racer"))
        .orElseThrow();
    System.out.printf(
        "addTokenUsage: %d threads x %d calls = %d transactions in %d ms (%.0f/s); token_used %d"
            + " -> %d (expected +%d)%n",
        threads, callsPerThread, threads * callsPerThread, elapsedMs,
        threads * callsPerThread * 1000.0 / Math.max(1, elapsedMs), startValue,
        after.getTokenUsed(), expected);
    assertThat(rowsUpdated).isEqualTo(threads * callsPerThread);
    assertThat((long) after.getTokenUsed()).isEqualTo(startValue + expected);
    assertThat(after.getUpdatedAt()).isAfter(startUpdatedAt);
  }

  /** Different amounts per call, so a lost update cannot hide behind equal increments. */
  private int amount(int thread, int call) {
    return 1 + (thread * 31 + call * 7) % 97;
  }

  @Test
  void badArgumentsFailBeforeAnyQuery() {
    assertRejected(db, "userId", em -> new UserQueries(em).findByUserId(null));
    assertRejected(db, "userId", em -> new UserQueries(em).findByUserId(" "));
    assertRejected(db, "userId", em -> new UserQueries(em).findAllByUserId(""));
    assertRejected(db, "userId", em -> new UserQueries(em).addTokenUsage(null, 5));
    assertRejected(db, "userId", em -> new UserQueries(em).addTokenUsage("  ", 5));
    assertRejected(db, "tokens", em -> new UserQueries(em).addTokenUsage("user_alice", 0));
    assertRejected(db, "tokens", em -> new UserQueries(em).addTokenUsage("user_alice", -10));
    assertRejected(db, "entityManager", em -> new UserQueries(null));
  }
}
