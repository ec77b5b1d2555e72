package ai.devdox.models.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.devdox.models.entity.Repo;
import ai.devdox.models.queue.ClaimResult;
import ai.devdox.models.queue.QueueClaims;
import ai.devdox.models.testsupport.Connectivity;
import ai.devdox.models.testsupport.Samples;
import ai.devdox.models.testsupport.TestPostgres;
import ai.devdox.models.testsupport.TestPostgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The statement timeout configured in the helper is honoured, and an exhausted pool fails fast with
 * an error naming its size; directly ({@link TimeoutsDirectTest}) and through PgBouncer
 * ({@link TimeoutsPoolerTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TimeoutsContract {

  private static final Duration TIMEOUT = Duration.ofMillis(300);

  private TestDatabase database;

  abstract Connectivity connectivity();

  @BeforeAll
  void createSchema() {
    database = TestPostgres.newDatabase("timeouts_" + connectivity().name());
    DevdoxFixture.createSchema(database.dataSource(), null);
  }

  @Test
  void aSlowStatementIsCancelledAtTheStatementTimeout() {
    try (DevdoxDatabase devdox =
        DevdoxDatabase.start(connectivity().config(database).statementTimeout(TIMEOUT).build())) {
      long started = System.nanoTime();
      assertThatThrownBy(
              () ->
                  devdox.inTransaction(
                      em -> {
                        assertThat((Object) em.createNativeQuery("show statement_timeout")
                                .getSingleResult()).isEqualTo("300ms");
                        return em.createNativeQuery("select 1 from pg_sleep(5)").getSingleResult();
                      }))
          .isInstanceOf(DevdoxStatementTimeoutException.class)
          .hasMessageContaining("statement timeout of 300 ms")
          .hasMessageContaining("nothing of it was written");
      System.out.println(connectivity() + ": pg_sleep(5) cancelled after "
          + (System.nanoTime() - started) / 1_000_000 + " ms (timeout 300 ms)");
      // The pool goes on.
      assertThat(single(devdox, "select 1")).isEqualTo(1);
    }
  }

  @Test
  void aWriteBlockedByALockIsCancelledAtTheStatementTimeout() throws Exception {
    Repo repo = Samples.repo("u-lock", "locked");
    try (DevdoxDatabase devdox =
            DevdoxDatabase.start(connectivity().config(database).statementTimeout(TIMEOUT).build());
        Connection locker = database.dataSource().getConnection()) {
      devdox.inTransactionDo(em -> em.persist(repo));
      locker.setAutoCommit(false);
      try (PreparedStatement lock =
          locker.prepareStatement("select 1 from repo where id = ? for update")) {
        lock.setObject(1, repo.getId());
        lock.executeQuery().close();
      }
      assertThatThrownBy(
              () ->
                  devdox.inTransactionDo(
                      em -> em.find(Repo.class, repo.getId()).setStatus("blocked")))
          .isInstanceOf(DevdoxStatementTimeoutException.class);
      locker.rollback();
        assertThat(devdox.<String>inTransaction(em -> em.find(Repo.class, repo.getId()).getStatus()))
          .isEqualTo("pending");
    }
  }

  @Test
  void aClaimWaitingForACompetitorIsCancelledAtTheStatementTimeout() throws Exception {
    // A claim of its own runs in auto-commit directly (the timeout is a startup option) and in an
    // explicit transaction behind the pooler (the timeout is SET LOCAL): covered both ways.
    try (DevdoxDatabase devdox =
            DevdoxDatabase.start(connectivity().config(database).statementTimeout(TIMEOUT).build());
        Connection competitor = database.dataSource().getConnection()) {
      competitor.setAutoCommit(false);
      try (PreparedStatement active = competitor.prepareStatement(
          "INSERT INTO queue_processing_registry (id, message_id, queue_name, claimed_by, step,"
              + " status, claimed_at, updated_at)"
              + " VALUES (?, 'm-timeout', 'q', 'competitor', 'start', 'pending', now(), now())")) {
        active.setObject(1, UUID.randomUUID());
        active.executeUpdate();
      }
      QueueClaims claims = QueueClaims.of(devdox);
      // The claim waits in the index for the competitor's transaction, until the timeout; without
      // it, it would wait for the competitor's rollback below.
      ExecutorService thread = Executors.newSingleThreadExecutor();
      try {
        Future<ClaimResult> claiming =
            thread.submit(() -> claims.tryClaim("worker-1", "m-timeout", "q"));
        assertThatThrownBy(() -> claiming.get(60, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .satisfies(failure -> assertThat(sqlStates(failure)).contains("57014"));
      } finally {
        competitor.rollback();
        thread.shutdownNow();
      }
      assertThat(claims.history("m-timeout")).isEmpty();
      assertThat(claims.tryClaim("worker-1", "m-timeout", "q"))
          .isInstanceOf(ClaimResult.Claimed.class);
    }
  }

  private static List<String> sqlStates(Throwable failure) {
    List<String> states = new ArrayList<>();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        states.add(sql.getSQLState());
      }
    }
    return states;
  }

  @Test
  void theTimeoutStaysWithItsOwnTransactions() {
    // Behind a transaction pooler the server connections are shared: a session-level timeout
    // would follow the connection into the next client's transaction. A configuration without a
    // timeout, on the same server connections, must see none.
    try (DevdoxDatabase timed =
            DevdoxDatabase.start(connectivity().config(database).statementTimeout(TIMEOUT).build());
        DevdoxDatabase untimed = DevdoxDatabase.start(connectivity().config(database).build())) {
      for (int i = 0; i < 10; i++) {
        assertThat(single(timed, "show statement_timeout")).isEqualTo("300ms");
        assertThat(single(untimed, "show statement_timeout")).isEqualTo("0");
      }
    }
  }

  @Test
  void anExhaustedPoolFailsWithItsSizeInsteadOfHanging() throws Exception {
    try (DevdoxDatabase devdox =
        DevdoxDatabase.start(
            connectivity()
                .config(database)
                .poolMin(0)
                .poolMax(2)
                .connectTimeout(Duration.ofMillis(500))
                .build())) {
      CountDownLatch holding = new CountDownLatch(2);
      CountDownLatch release = new CountDownLatch(1);
      ExecutorService holders = Executors.newFixedThreadPool(2);
      try {
        Future<?> first = holders.submit(() -> hold(devdox, holding, release));
        Future<?> second = holders.submit(() -> hold(devdox, holding, release));
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        long started = System.nanoTime();
        assertThatThrownBy(
                () -> devdox.inTransaction(em -> em.createNativeQuery("select 1").getSingleResult()))
            .isInstanceOfSatisfying(
                DevdoxPoolExhaustedException.class,
                e -> assertThat(e.poolMax()).isEqualTo(2))
            .hasMessageContaining("all 2 connections")
            .hasMessageContaining("pool max size 2")
            .hasMessageContaining("nothing was written");
        System.out.println(connectivity() + ": pool of 2 exhausted, third caller failed after "
            + (System.nanoTime() - started) / 1_000_000 + " ms (connect timeout 500 ms)");
        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);
      } finally {
        release.countDown();
        holders.shutdownNow();
      }
      assertThat(single(devdox, "select 1")).isEqualTo(1);
    }
  }

  private static Object single(DevdoxDatabase devdox, String sql) {
    return devdox.<Object>inTransaction(em -> em.createNativeQuery(sql).getSingleResult());
  }

  private static Object hold(DevdoxDatabase devdox, CountDownLatch holding, CountDownLatch release) {
    return devdox.inTransaction(
        em -> {
          em.createNativeQuery("select 1").getSingleResult();
          holding.countDown();
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return null;
        });
  }
}
