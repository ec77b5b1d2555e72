package ai.devdox.models.queue;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.bootstrap.DevdoxDatabase;
import ai.devdox.models.bootstrap.SchemaAction;
import ai.devdox.models.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Claim rates of the two ways to claim, on the test PostgreSQL, printed, never asserted: the
 * guarded insert {@link QueueClaims} uses, and {@code SELECT ... FOR UPDATE SKIP LOCKED} on the
 * latest attempt ({@link SkipLockedClaim}). Each scenario also checks that every message was
 * claimed exactly once, for both.
 *
 * <p>Sizes: {@code -Dclaims.benchmark.messages=N} messages per contended scenario (default 500),
 * {@code -Dclaims.benchmark.rounds=N} rounds (default 2). {@code
 * -Dclaims.benchmark.synchronousCommit=off} takes the WAL flush out of each commit (for these
 * sessions only), which leaves the cost of the statements themselves. Run alone with {@code mvn
 * test -Dtest=ClaimRateBenchmarkTest}.
 */
class ClaimRateBenchmarkTest {

  private static final int WORKERS = 8;
  private static final String QUEUE = "benchmark";

  @Test
  void printClaimRates() throws Exception {
    int messages = Integer.getInteger("claims.benchmark.messages", 500);
    int rounds = Integer.getInteger("claims.benchmark.rounds", 2);
    String synchronousCommit = System.getProperty("claims.benchmark.synchronousCommit", "on");
    TestPostgres.TestDatabase db = TestPostgres.newDatabase("claim_rate");
    try (DevdoxDatabase database =
        DevdoxDatabase.start(
            db.config()
                .schemaAction(SchemaAction.CREATE_MISSING)
                .poolMax(WORKERS + 2)
                .jdbcProperty("options", "-c synchronous_commit=" + synchronousCommit)
                .build())) {
      DataSource plain = db.dataSource();
      List<QueueClaims> ways =
          List.of(
              new QueueClaims(database.entityManagerFactory(), null, new GuardedInsertClaim()),
              new QueueClaims(database.entityManagerFactory(), null, new SkipLockedClaim()));
      Map<String, List<Double>> figures = new LinkedHashMap<>();

      // Warm-up: JIT, pool, prepared statements.
      for (QueueClaims way : ways) {
        alone(way, plain, "warm-alone-" + way.algorithmName(), 50);
        uncontended(way, plain, "warm-" + way.algorithmName(), 50);
        race(way, plain, "warm-race-" + way.algorithmName(), 100, false);
      }
      for (int round = 1; round <= rounds; round++) {
        for (QueueClaims way : ways) {
          String name = way.algorithmName();
          String tag = name.replace(' ', '_') + "-" + round;
          figures.computeIfAbsent(name + " | 1 worker, claims/s", k -> new ArrayList<>())
              .add(alone(way, plain, "a-" + tag, messages / 4));
          figures.computeIfAbsent(name + " | 8 workers, distinct messages, claims/s",
                  k -> new ArrayList<>())
              .add(uncontended(way, plain, "u-" + tag, messages / WORKERS * 2));
          figures.computeIfAbsent(name + " | 8-way race, first claims, claims/s",
                  k -> new ArrayList<>())
              .add(race(way, plain, "r-" + tag, messages, false));
          figures.computeIfAbsent(name + " | 8-way race, after a failed attempt, claims/s",
                  k -> new ArrayList<>())
              .add(race(way, plain, "f-" + tag, messages, true));
        }
      }
      System.out.printf(
          "claim rates on %s, %d workers, %d messages per race, %d rounds,"
              + " synchronous_commit=%s%n",
          TestPostgres.source(), WORKERS, messages, rounds, synchronousCommit);
      figures.forEach(
          (name, values) ->
              System.out.printf(
                  "  %-60s %s  mean %.0f%n",
                  name,
                  values.stream().map(v -> String.format("%.0f", v)).toList(),
                  values.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
    }
  }

  /**
   * Why the guarded insert is the one in use: its "not claimed" is final. A claim that finds the
   * message being claimed waits for that claim's transaction; with SKIP LOCKED it gives up at
   * once, and if the other claim then rolls back (its caller's transaction failed, its connection
   * dropped), nobody holds the message although every other worker was told it was taken.
   */
  @Test
  void aRefusalIsFinalOnlyWithTheGuardedInsert() throws Exception {
    TestPostgres.TestDatabase db = TestPostgres.newDatabase("claim_refusal");
    try (DevdoxDatabase database =
        DevdoxDatabase.start(db.config().schemaAction(SchemaAction.CREATE_MISSING).build())) {
      DataSource plain = db.dataSource();
      QueueClaims guarded =
          new QueueClaims(database.entityManagerFactory(), null, new GuardedInsertClaim());
      QueueClaims skipLocked =
          new QueueClaims(database.entityManagerFactory(), null, new SkipLockedClaim());

      seedFailedAttempts(plain, "g", 1);
      assertThat(whileAnotherClaimRollsBack(database, guarded, "g-0").isClaimed()).isTrue();

      seedFailedAttempts(plain, "s", 1);
      ClaimResult skipped = whileAnotherClaimRollsBack(database, skipLocked, "s-0");
      assertThat(skipped).isInstanceOfSatisfying(ClaimResult.NotClaimed.class,
          refused -> assertThat(refused.reason()).isEqualTo(ClaimResult.Reason.LOST_RACE));
      // ...and yet nobody holds the message: its only attempt is the failed one.
      assertThat(guarded.history("s-0")).singleElement()
          .satisfies(row -> assertThat(row.statusWord()).isEqualTo("failed"));
    }
  }

  /**
   * Claims {@code messageId} in a transaction that is then rolled back, while another worker
   * claims it in a transaction of its own; what the other worker got.
   */
  private static ClaimResult whileAnotherClaimRollsBack(
      DevdoxDatabase database, QueueClaims claims, String messageId) throws Exception {
    jakarta.persistence.EntityManager em = database.entityManagerFactory().createEntityManager();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      em.getTransaction().begin();
      assertThat(claims.tryClaim(em, "first", messageId, QUEUE).isClaimed()).isTrue();
      Future<ClaimResult> second = other.submit(() -> claims.tryClaim("second", messageId, QUEUE));
      // SKIP LOCKED answers at once; the guarded insert waits for the first claim's outcome.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!second.isDone() && !someoneWaitsOnALock(database.dataSource())) {
        assertThat(System.nanoTime())
            .as("the second claim neither ended nor waits")
            .isLessThan(deadline);
        Thread.sleep(10);
      }
      em.getTransaction().rollback();
      return second.get(30, TimeUnit.SECONDS);
    } finally {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      em.close();
      other.shutdownNow();
    }
  }

  private static boolean someoneWaitsOnALock(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock'");
        ResultSet row = s.executeQuery()) {
      row.next();
      return row.getInt(1) > 0;
    }
  }

  /** One worker claims messages nobody else wants. Claims per second. */
  private static double alone(QueueClaims claims, DataSource plain, String prefix, int count)
      throws SQLException {
    long start = System.nanoTime();
    for (int m = 0; m < count; m++) {
      assertThat(claims.tryClaim("w", prefix + "-" + m, QUEUE).isClaimed()).isTrue();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertExactlyOnce(plain, prefix, count, 1);
    return count / seconds;
  }

  /** Each worker claims its own messages: no contention. Claims per second. */
  private static double uncontended(QueueClaims claims, DataSource plain, String prefix, int each)
      throws Exception {
    AtomicInteger won = new AtomicInteger();
    double seconds =
        inParallel(
            worker -> {
              for (int m = 0; m < each; m++) {
                if (claims.tryClaim("w" + worker, prefix + "-" + worker + "-" + m, QUEUE)
                    .isClaimed()) {
                  won.incrementAndGet();
                }
              }
            });
    assertThat(won.get()).isEqualTo(WORKERS * each);
    assertExactlyOnce(plain, prefix, WORKERS * each, 1);
    return won.get() / seconds;
  }

  /**
   * Eight workers race over the same messages, each winner completing its attempt at once; with
   * {@code afterFailure}, every message already has a failed attempt. Won claims per second.
   */
  private static double race(
      QueueClaims claims, DataSource plain, String prefix, int messages, boolean afterFailure)
      throws Exception {
    if (afterFailure) {
      seedFailedAttempts(plain, prefix, messages);
    }
    AtomicInteger won = new AtomicInteger();
    double seconds =
        inParallel(
            worker -> {
              for (int m = 0; m < messages; m++) {
                ClaimResult result = claims.tryClaim("w" + worker, prefix + "-" + m, QUEUE);
                if (result instanceof ClaimResult.Claimed claimed) {
                  won.incrementAndGet();
                  claimed.claim().complete();
                }
              }
            });
    assertThat(won.get()).isEqualTo(messages);
    assertExactlyOnce(plain, prefix, messages, afterFailure ? 2 : 1);
    return won.get() / seconds;
  }

  private interface WorkerBody {
    void run(int worker) throws Exception;
  }

  /** Runs the body on every worker at once; the wall time in seconds. Fails on any exception. */
  private static double inParallel(WorkerBody body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        int worker = w;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    body.run(worker);
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                  return null;
                }));
      }
      long start = System.nanoTime();
      go.countDown();
      for (Future<?> f : done) {
        f.get(10, TimeUnit.MINUTES);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(failures).isEmpty();
      return seconds;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void seedFailedAttempts(DataSource plain, String prefix, int messages)
      throws SQLException {
    try (Connection c = plain.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO queue_processing_registry (id, message_id, queue_name, claimed_by,"
                    + " step, status, claimed_at, updated_at)"
                    + " SELECT gen_random_uuid(), ? || '-' || n, ?, 'earlier', 'start', 'failed',"
                    + " now() - interval '1 minute', now() - interval '1 minute'"
                    + " FROM generate_series(0, ? - 1) AS n")) {
      s.setString(1, prefix);
      s.setString(2, QUEUE);
      s.setInt(3, messages);
      s.executeUpdate();
    }
  }

  /**
   * Every message of the scenario has exactly one claim (pending, in progress or completed) and
   * {@code rowsEach} rows in all; a claim after a failed attempt links to it.
   */
  private static void assertExactlyOnce(
      DataSource plain, String prefix, int messages, int rowsEach) throws SQLException {
    try (Connection c = plain.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*),"
                    + " count(*) FILTER (WHERE claims <> 1),"
                    + " count(*) FILTER (WHERE rows <> ?),"
                    + " count(*) FILTER (WHERE rows > 1 AND linked <> 1)"
                    + " FROM (SELECT message_id,"
                    + " count(*) FILTER (WHERE status IN ('pending', 'in_progress', 'completed'))"
                    + " AS claims, count(*) AS rows,"
                    + " count(*) FILTER (WHERE previous_message_id IS NOT NULL) AS linked"
                    + " FROM queue_processing_registry WHERE message_id LIKE ? || '-%'"
                    + " GROUP BY message_id) AS per_message")) {
      s.setInt(1, rowsEach);
      s.setString(2, prefix);
      try (ResultSet row = s.executeQuery()) {
        row.next();
        assertThat(row.getInt(1)).as("messages of %s", prefix).isEqualTo(messages);
        assertThat(row.getInt(2)).as("messages of %s not claimed exactly once", prefix).isZero();
        assertThat(row.getInt(3)).as("messages of %s with extra rows", prefix).isZero();
        assertThat(row.getInt(4)).as("unlinked claims of %s", prefix).isZero();
      }
    }
  }
}
