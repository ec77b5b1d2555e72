package ai.devdox.models.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.devdox.models.bootstrap.DevdoxDatabase;
import ai.devdox.models.bootstrap.DevdoxFixture;
import ai.devdox.models.bootstrap.SchemaAction;
import ai.devdox.models.entity.RegistryStatus;
import ai.devdox.models.queue.ClaimResult.Claimed;
import ai.devdox.models.queue.ClaimResult.NotClaimed;
import ai.devdox.models.queue.ClaimResult.Reason;
import ai.devdox.models.testsupport.Connectivity;
import ai.devdox.models.testsupport.TestPostgres;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;

/**
 * The claim protocol of {@link QueueClaims}, written once and run directly
 * ({@link QueueClaimsDirectTest}) and through PgBouncer in transaction mode
 * ({@link QueueClaimsPoolerTest}). The library reaches the database that way; the tests' own
 * plain JDBC ({@code plain}: competitors, Python-written rows, counts, killing a session) always
 * goes straight to PostgreSQL, as another service's would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class QueueClaimsContract {

  private static final String QUEUE = "processing";

  private TestPostgres.TestDatabase testDatabase;
  private DevdoxDatabase database;
  private DataSource plain;
  private QueueClaims claims;

  /** Which way the library reaches the database. */
  abstract Connectivity connectivity();

  /** How many messages the eight workers of the race compete for. */
  int raceMessages() {
    return 2_000;
  }

  @BeforeAll
  void start() {
    TestPostgres.TestDatabase db = TestPostgres.newDatabase("claims_" + connectivity().name());
    testDatabase = db;
    database =
        DevdoxDatabase.start(
            connectivity().config(db).schemaAction(SchemaAction.CREATE_MISSING).poolMax(12)
                .build());
    plain = db.dataSource();
    claims = QueueClaims.of(database);
  }

  @AfterAll
  void stop() {
    if (database != null) {
      database.close();
    }
  }

  @BeforeEach
  void empty() {
    DevdoxFixture.reset(database);
  }

  // ---------------------------------------------------------------- the claim itself

  @Test
  void aFirstClaimWritesOnePendingAttempt() throws SQLException {
    Instant before = Instant.now().minusSeconds(5);
    Claim claim = claimed(claims.tryClaim("worker-1", "m-1", QUEUE));

    QueueAttempt row = onlyAttempt("m-1");
    assertThat(row.id()).isEqualTo(claim.id());
    assertThat(row.queueName()).isEqualTo(QUEUE);
    assertThat(row.claimedBy()).isEqualTo("worker-1");
    assertThat(row.statusWord()).isEqualTo("pending");
    assertThat(row.step()).isEqualTo("start");
    assertThat(row.previousAttemptId()).isNull();
    assertThat(row.claimedAt()).isEqualTo(claim.claimedAt()).isAfter(before);
    assertThat(row.updatedAt()).isEqualTo(row.claimedAt());
    assertThat(claim.previousAttemptId()).isNull();
    assertThat(claim.workerId()).isEqualTo("worker-1");
    assertThat(claim.queueName()).isEqualTo(QUEUE);
  }

  @Test
  void anActiveOrCompletedMessageIsNotClaimedAgain() {
    Claim first = claimed(claims.tryClaim("worker-1", "m-1", QUEUE));

    NotClaimed pending = notClaimed(claims.tryClaim("worker-2", "m-1", QUEUE));
    assertThat(pending.reason()).isEqualTo(Reason.ACTIVE);
    assertThat(pending.latestAttemptId()).isEqualTo(first.id());
    assertThat(pending.latestStatusWord()).isEqualTo("pending");
    assertThat(pending.latestClaimedBy()).isEqualTo("worker-1");

    first.start();
    assertThat(notClaimed(claims.tryClaim("worker-1", "m-1", QUEUE)).reason())
        .isEqualTo(Reason.ACTIVE);

    first.complete();
    NotClaimed done = notClaimed(claims.tryClaim("worker-2", "m-1", QUEUE));
    assertThat(done.reason()).isEqualTo(Reason.COMPLETED);
    assertThat(done.latestStatusWord()).isEqualTo("completed");
    assertThat(claims.history("m-1")).hasSize(1);
  }

  @Test
  void eightWorkersRacingOverTwoThousandMessagesClaimEachExactlyOnce() throws Exception {
    int workers = 8;
    int messages = raceMessages();
    Map<String, String> winners = new ConcurrentHashMap<>();
    Map<Reason, AtomicInteger> refusals = new EnumMap<>(Reason.class);
    for (Reason reason : Reason.values()) {
      refusals.put(reason, new AtomicInteger());
    }
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger doubleWins = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    long started;
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        String worker = "worker-" + w;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int m = 0; m < messages; m++) {
                    String messageId = "race-" + m;
                    try {
                      ClaimResult result = claims.tryClaim(worker, messageId, QUEUE);
                      if (result instanceof Claimed won) {
                        if (winners.putIfAbsent(messageId, worker) != null) {
                          doubleWins.incrementAndGet();
                        }
                        // Half the winners finish at once: a claim decided on an old snapshot
                        // must still lose to an attempt that has meanwhile been completed.
                        if (m % 2 == 0) {
                          won.claim().complete();
                        }
                      } else {
                        refusals.get(((NotClaimed) result).reason()).incrementAndGet();
                      }
                    } catch (Throwable e) {
                      failures.add(e);
                    }
                  }
                  return null;
                }));
      }
      started = System.nanoTime();
      go.countDown();
      for (Future<?> f : done) {
        f.get(10, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(failures).isEmpty();
    assertThat(doubleWins.get()).isZero();
    assertThat(winners).hasSize(messages);
    int refused = refusals.values().stream().mapToInt(AtomicInteger::get).sum();
    assertThat(refused).isEqualTo(workers * messages - messages);
    assertThat(refusals.get(Reason.UNKNOWN_STATUS).get()).isZero();
    try (Connection c = plain.getConnection();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT message_id, count(*) FILTER (WHERE status IN"
                    + " ('pending', 'in_progress', 'completed')), count(*), min(claimed_by)"
                    + " FROM queue_processing_registry GROUP BY message_id")) {
      int seen = 0;
      while (rows.next()) {
        seen++;
        assertThat(rows.getInt(2)).as("claims of %s", rows.getString(1)).isEqualTo(1);
        assertThat(rows.getInt(3)).as("rows of %s", rows.getString(1)).isEqualTo(1);
        assertThat(rows.getString(4)).isEqualTo(winners.get(rows.getString(1)));
      }
      assertThat(seen).isEqualTo(messages);
    }
    System.out.printf(
        "%s: race: %d workers x %d messages: %d claimed, %d not claimed (%s), 0 exceptions,"
            + " %.1f s, %.0f attempts/s%n",
        connectivity(), workers, messages, winners.size(), refused, refusals, seconds,
        workers * messages / seconds);
  }

  // ---------------------------------------------------------------- chains and history

  @Test
  void aRetryChainLinksEachAttemptToTheOneBefore() {
    Claim first = claimed(claims.tryClaim("worker-1", "m-1", QUEUE));
    first.start();
    first.step("file_cloned");
    first.fail();

    Claim second = claimed(claims.tryClaim("worker-2", "m-1", QUEUE));
    assertThat(second.previousAttemptId()).isEqualTo(first.id());
    second.start();
    second.retry();

    Claim third = claimed(claims.tryClaim("worker-3", "m-1", QUEUE));
    assertThat(third.previousAttemptId()).isEqualTo(second.id());
    third.start();
    third.step("generate_embeddings");
    third.complete();

    NotClaimed refused = notClaimed(claims.tryClaim("worker-4", "m-1", QUEUE));
    assertThat(refused.reason()).isEqualTo(Reason.COMPLETED);
    assertThat(refused.latestAttemptId()).isEqualTo(third.id());

    List<QueueAttempt> history = claims.history("m-1");
    assertThat(history).extracting(QueueAttempt::id)
        .containsExactly(first.id(), second.id(), third.id());
    assertThat(history).extracting(QueueAttempt::previousAttemptId)
        .containsExactly(null, first.id(), second.id());
    assertThat(history).extracting(QueueAttempt::status)
        .containsExactly(RegistryStatus.FAILED, RegistryStatus.RETRY, RegistryStatus.COMPLETED);
    assertThat(history).extracting(QueueAttempt::step)
        .containsExactly("file_cloned", "start", "done");
    assertThat(history).extracting(QueueAttempt::claimedBy)
        .containsExactly("worker-1", "worker-2", "worker-3");
    assertThat(history.get(0).claimedAt()).isBefore(history.get(1).claimedAt());
    assertThat(history.get(1).claimedAt()).isBefore(history.get(2).claimedAt());
    assertThat(claims.history("m-unknown")).isEmpty();
  }

  @Test
  void everyChangeMovesUpdatedAtAndAnEndedAttemptStaysEnded() throws Exception {
    Claim claim = claimed(claims.tryClaim("worker-1", "m-1", QUEUE));
    Instant claimedAt = onlyAttempt("m-1").updatedAt();
    claim.start();
    claim.start();
    QueueAttempt started = onlyAttempt("m-1");
    assertThat(started.statusWord()).isEqualTo("in_progress");
    assertThat(started.updatedAt()).isAfter(claimedAt);
    claim.step("db_saved");
    QueueAttempt stepped = onlyAttempt("m-1");
    assertThat(stepped.step()).isEqualTo("db_saved");
    assertThat(stepped.statusWord()).isEqualTo("in_progress");
    assertThat(stepped.updatedAt()).isAfter(started.updatedAt());
    claim.complete();
    QueueAttempt completed = onlyAttempt("m-1");
    assertThat(completed.statusWord()).isEqualTo("completed");
    assertThat(completed.step()).isEqualTo("done");
    assertThat(completed.updatedAt()).isAfter(stepped.updatedAt());

    claim.complete(); // repeating the call that ended it is accepted and changes nothing
    assertThat(onlyAttempt("m-1")).isEqualTo(completed);
    assertThatThrownBy(claim::fail)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("failing attempt " + claim.id() + " of message m-1 refused")
        .hasMessageContaining("already 'completed'");
    assertThatThrownBy(() -> claim.step("again"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already 'completed'");
    assertThatThrownBy(claim::start).isInstanceOf(IllegalStateException.class);
    assertThat(onlyAttempt("m-1")).isEqualTo(completed);
  }

  @Test
  void failAndRetryCanMoveTheAttemptToTheMessagesNewId() {
    Claim first = claimed(claims.tryClaim("worker-1", "m-1", QUEUE));
    first.start();
    first.retry("m-1-resent");
    assertThat(first.messageId()).isEqualTo("m-1-resent");
    assertThat(claims.history("m-1")).isEmpty();
    assertThat(claims.history("m-1-resent")).singleElement()
        .satisfies(row -> assertThat(row.statusWord()).isEqualTo("retry"));
    first.retry("m-1-resent"); // repeated: accepted, nothing changes

    Claim second = claimed(claims.tryClaim("worker-2", "m-1-resent", QUEUE));
    assertThat(second.previousAttemptId()).isEqualTo(first.id());
    second.fail("m-1-third");
    assertThat(claims.history("m-1-third")).extracting(QueueAttempt::id)
        .containsExactly(second.id());
    Claim third = claimed(claims.tryClaim("worker-3", "m-1-third", QUEUE));
    assertThat(third.previousAttemptId()).isEqualTo(second.id());
  }

  @Test
  void theLatestAttemptIsChosenByClaimTimeThenUpdateTimeThenId() throws SQLException {
    OffsetDateTime t = OffsetDateTime.of(2025, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

    // Same claim and update times: the larger id is the latest.
    insertRow(low(1), "tie-1", "failed", t, t, null);
    insertRow(high(1), "tie-1", "completed", t, t, null);
    assertThat(notClaimed(claims.tryClaim("w", "tie-1", QUEUE)).latestAttemptId())
        .isEqualTo(high(1));
    insertRow(low(2), "tie-2", "completed", t, t, null);
    insertRow(high(2), "tie-2", "failed", t, t, null);
    assertThat(claimed(claims.tryClaim("w", "tie-2", QUEUE)).previousAttemptId())
        .isEqualTo(high(2));

    // Same claim time: the newer update wins over the larger id.
    insertRow(high(3), "tie-3", "completed", t, t, null);
    insertRow(low(3), "tie-3", "failed", t, t.plusSeconds(1), null);
    assertThat(claimed(claims.tryClaim("w", "tie-3", QUEUE)).previousAttemptId())
        .isEqualTo(low(3));

    // The claim time wins over a newer update; a row without one counts by its update time.
    insertRow(low(4), "tie-4", "failed", t.plusSeconds(2), t.plusSeconds(2), null);
    insertRow(high(4), "tie-4", "completed", t.plusSeconds(1), t.plusSeconds(9), null);
    assertThat(claimed(claims.tryClaim("w", "tie-4", QUEUE)).previousAttemptId())
        .isEqualTo(low(4));
    insertRow(low(5), "tie-5", "failed", t.plusSeconds(2), t.plusSeconds(2), null);
    insertRow(high(5), "tie-5", "completed", null, t.plusSeconds(3), null);
    assertThat(notClaimed(claims.tryClaim("w", "tie-5", QUEUE)).latestAttemptId())
        .isEqualTo(high(5));

    // history is the exact reverse order
    assertThat(claims.history("tie-1")).extracting(QueueAttempt::id)
        .containsExactly(low(1), high(1));
    assertThat(claims.history("tie-3")).extracting(QueueAttempt::id).startsWith(high(3), low(3));
  }

  private UUID low(int n) {
    return UUID.fromString("00000000-0000-4000-8000-00000000000" + n);
  }

  private UUID high(int n) {
    return UUID.fromString("ffffffff-ffff-4fff-bfff-fffffffffff" + n);
  }

  @Test
  void aNewAttemptIsTheLatestEvenAfterARowWrittenWithAClockAhead() throws SQLException {
    OffsetDateTime future = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1);
    UUID ahead = UUID.randomUUID();
    insertRow(ahead, "skew", "failed", future, future, null);
    Claim claim = claimed(claims.tryClaim("w", "skew", QUEUE));
    assertThat(claim.previousAttemptId()).isEqualTo(ahead);
    assertThat(claim.claimedAt()).isAfter(future.toInstant());
    assertThat(notClaimed(claims.tryClaim("w2", "skew", QUEUE)).latestAttemptId())
        .isEqualTo(claim.id());
  }

  @Test
  void anAttemptWithAStatusThisLibraryDoesNotKnowIsLeftAlone() throws SQLException {
    UUID odd = UUID.randomUUID();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    insertRow(odd, "odd", "paused", now, now, null);
    NotClaimed refused = notClaimed(claims.tryClaim("w", "odd", QUEUE));
    assertThat(refused.reason()).isEqualTo(Reason.UNKNOWN_STATUS);
    assertThat(refused.latestStatusWord()).isEqualTo("paused");
    assertThat(claims.history("odd")).singleElement()
        .satisfies(row -> assertThatThrownBy(row::status)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("'paused'"));
  }

  // ---------------------------------------------------------------- the Python services' rows

  @Test
  void aPythonWorkersClaimIsRespectedAndItsFailedAttemptIsFollowed() throws SQLException {
    UUID python = UUID.randomUUID();
    pythonClaims(python, "py-1", "py-worker", null);
    pythonUpdates(python, "status = 'in_progress'");
    pythonUpdates(python, "step = 'file_cloned'");

    NotClaimed refused = notClaimed(claims.tryClaim("java-worker", "py-1", QUEUE));
    assertThat(refused.reason()).isEqualTo(Reason.ACTIVE);
    assertThat(refused.latestAttemptId()).isEqualTo(python);
    assertThat(refused.latestClaimedBy()).isEqualTo("py-worker");

    pythonUpdates(python, "status = 'failed'");
    Claim java = claimed(claims.tryClaim("java-worker", "py-1", QUEUE));
    assertThat(java.previousAttemptId()).isEqualTo(python);
    assertThat(claims.history("py-1")).extracting(QueueAttempt::id)
        .containsExactly(python, java.id());

    // The Python side's own choice of the latest attempt (its ORDER BY) sees the Java attempt,
    // and its insert is refused by the index while the Java attempt is active.
    assertThat(pythonLatestId("py-1")).isEqualTo(java.id());
    assertThatThrownBy(() -> pythonClaims(UUID.randomUUID(), "py-1", "py-worker", java.id()))
        .isInstanceOfSatisfying(PSQLException.class, e -> {
          assertThat(e.getSQLState()).isEqualTo("23505");
          assertThat(e.getServerErrorMessage().getConstraint())
              .isEqualTo("queue_processing_registry_message_id_idx");
        });
    java.retry();
    UUID pythonAgain = UUID.randomUUID();
    pythonClaims(pythonAgain, "py-1", "py-worker", pythonLatestId("py-1"));
    assertThat(claims.history("py-1")).extracting(QueueAttempt::previousAttemptId)
        .containsExactly(null, python, java.id());
    assertThat(notClaimed(claims.tryClaim("java-worker", "py-1", QUEUE)).latestAttemptId())
        .isEqualTo(pythonAgain);
  }

  @Test
  void aRetryAttemptWrittenByPythonIsFollowedToo() throws SQLException {
    UUID python = UUID.randomUUID();
    pythonClaims(python, "py-2", "py-worker", null);
    pythonUpdates(python, "status = 'retry'");
    assertThat(claimed(claims.tryClaim("java-worker", "py-2", QUEUE)).previousAttemptId())
        .isEqualTo(python);
  }

  // ---------------------------------------------------------------- the caller's transaction

  @Test
  void aClaimInsideARolledBackTransactionLeavesNothing() throws SQLException {
    EntityManager em = database.entityManagerFactory().createEntityManager();
    try {
      EntityTransaction tx = em.getTransaction();
      tx.begin();
      Claim claim = claimed(claims.tryClaim(em, "worker-1", "m-1", QUEUE));
      claim.start();
      claim.step("cloned");
      assertThat(claims.history(em, "m-1")).singleElement()
          .satisfies(row -> assertThat(row.step()).isEqualTo("cloned"));
      // Not visible outside before the commit.
      assertThat(claims.history("m-1")).isEmpty();
      tx.rollback();
    } finally {
      em.close();
    }
    assertThat(countRows("m-1")).isZero();
    assertThat(claimed(claims.tryClaim("worker-2", "m-1", QUEUE)).previousAttemptId()).isNull();
  }

  @Test
  void aClaimInsideACommittedTransactionCountsWithTheCallersOtherWork() throws SQLException {
    inCallersTransaction(em -> {
      Claim claim = claimed(claims.tryClaim(em, "worker-1", "m-1", QUEUE));
      claim.start();
      claim.complete();
      assertThat(notClaimed(claims.tryClaim(em, "worker-1", "m-1", QUEUE)).reason())
          .isEqualTo(Reason.COMPLETED);
      return null;
    });
    assertThat(onlyAttempt("m-1").statusWord()).isEqualTo("completed");
  }

  @Test
  void aLostRaceInsideTheCallersTransactionLeavesItUsable() throws Exception {
    EntityManager em = database.entityManagerFactory().createEntityManager();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Connection competitor = plain.getConnection()) {
      competitor.setAutoCommit(false);
      UUID theirs = UUID.randomUUID();
      pythonClaims(competitor, theirs, "m-1", "competitor", null);

      em.getTransaction().begin();
      Claim before = claimed(claims.tryClaim(em, "worker-1", "m-0", QUEUE));
      // Blocks in the unique index on the competitor's uncommitted attempt.
      Future<ClaimResult> racing =
          thread.submit(() -> claims.tryClaim(em, "worker-1", "m-1", QUEUE));
      awaitBackendWaiting("Lock");
      competitor.commit();
      NotClaimed lost = notClaimed(racing.get(30, TimeUnit.SECONDS));
      assertThat(lost.reason()).isEqualTo(Reason.LOST_RACE);
      assertThat(lost.latestAttemptId()).isNull();

      // The caller's transaction goes on: more work, then the commit keeps all of it.
      Claim after = claimed(claims.tryClaim(em, "worker-1", "m-2", QUEUE));
      before.start();
      em.getTransaction().commit();
      assertThat(onlyAttempt("m-0").statusWord()).isEqualTo("in_progress");
      assertThat(onlyAttempt("m-1").id()).isEqualTo(theirs);
      assertThat(onlyAttempt("m-2").id()).isEqualTo(after.id());
    } finally {
      thread.shutdownNow();
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      em.close();
    }
  }

  @Test
  void aLostRaceInItsOwnTransactionWaitsForTheWinnersCommit() throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Connection competitor = plain.getConnection()) {
      competitor.setAutoCommit(false);
      pythonClaims(competitor, UUID.randomUUID(), "m-1", "competitor", null);
      Future<ClaimResult> racing = thread.submit(() -> claims.tryClaim("worker-1", "m-1", QUEUE));
      awaitBackendWaiting("Lock");
      competitor.commit();
      assertThat(notClaimed(racing.get(30, TimeUnit.SECONDS)).reason())
          .isEqualTo(Reason.LOST_RACE);
    } finally {
      thread.shutdownNow();
    }
    assertThat(countRows("m-1")).isEqualTo(1);
  }

  @Test
  void aCompetitorThatRolledBackLetsTheWaitingClaimWin() throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Connection competitor = plain.getConnection()) {
      competitor.setAutoCommit(false);
      pythonClaims(competitor, UUID.randomUUID(), "m-1", "competitor", null);
      Future<ClaimResult> racing = thread.submit(() -> claims.tryClaim("worker-1", "m-1", QUEUE));
      awaitBackendWaiting("Lock");
      competitor.rollback();
      assertThat(claimed(racing.get(30, TimeUnit.SECONDS)).workerId()).isEqualTo("worker-1");
    } finally {
      thread.shutdownNow();
    }
    assertThat(onlyAttempt("m-1").claimedBy()).isEqualTo("worker-1");
  }

  @Test
  void aCompetitorThatClaimedAndCompletedInTheMeantimeWins() throws Exception {
    // The competitor inserts and completes its attempt in one transaction: its row is never
    // active once committed, so the index lets the waiting insert through; the competitor check
    // must withdraw it.
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Connection competitor = plain.getConnection()) {
      competitor.setAutoCommit(false);
      UUID theirs = UUID.randomUUID();
      pythonClaims(competitor, theirs, "m-1", "competitor", null);
      Future<ClaimResult> racing = thread.submit(() -> claims.tryClaim("worker-1", "m-1", QUEUE));
      awaitBackendWaiting("Lock");
      completes(competitor, theirs);
      competitor.commit();
      assertThat(notClaimed(racing.get(30, TimeUnit.SECONDS)).reason())
          .isEqualTo(Reason.LOST_RACE);
      assertThat(onlyAttempt("m-1").id()).isEqualTo(theirs);
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  void aCompetitorThatClaimedAndCompletedMeanwhileWinsInTheCallersTransactionToo()
      throws Exception {
    // As above, in a caller's transaction: the withdrawal deletes the new attempt inside the
    // claim's savepoint, and the caller's transaction goes on.
    EntityManager em = database.entityManagerFactory().createEntityManager();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Connection competitor = plain.getConnection()) {
      competitor.setAutoCommit(false);
      UUID theirs = UUID.randomUUID();
      pythonClaims(competitor, theirs, "m-1", "competitor", null);
      em.getTransaction().begin();
      Claim before = claimed(claims.tryClaim(em, "worker-1", "m-0", QUEUE));
      Future<ClaimResult> racing =
          thread.submit(() -> claims.tryClaim(em, "worker-1", "m-1", QUEUE));
      awaitBackendWaiting("Lock");
      completes(competitor, theirs);
      competitor.commit();
      assertThat(notClaimed(racing.get(30, TimeUnit.SECONDS)).reason())
          .isEqualTo(Reason.LOST_RACE);
      assertThat(claims.history(em, "m-1")).extracting(QueueAttempt::id).containsExactly(theirs);
      before.complete();
      em.getTransaction().commit();
      assertThat(onlyAttempt("m-0").statusWord()).isEqualTo("completed");
      assertThat(onlyAttempt("m-1").id()).isEqualTo(theirs);
    } finally {
      thread.shutdownNow();
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      em.close();
    }
  }

  @Test
  void aClaimOfItsOwnUnderAnotherDefaultIsolationLevelIsWithdrawnAndRefused()
      throws SQLException {
    TestPostgres.TestDatabase db =
        TestPostgres.newDatabase("claims_isolation_" + connectivity().name());
    try (Connection admin = db.dataSource().getConnection();
        Statement alter = admin.createStatement()) {
      alter.execute("ALTER DATABASE " + db.name()
          + " SET default_transaction_isolation = 'repeatable read'");
    }
    try (DevdoxDatabase other =
        DevdoxDatabase.start(
            connectivity().config(db).schemaAction(SchemaAction.CREATE_MISSING).build())) {
      assertThatThrownBy(() -> QueueClaims.of(other).tryClaim("worker-1", "m-1", QUEUE))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("isolation level 'repeatable read'")
          .hasMessageContaining("set it to 'read committed' for the role the workers use");
      try (Connection c = db.dataSource().getConnection();
          Statement count = c.createStatement();
          ResultSet rows = count.executeQuery("SELECT count(*) FROM queue_processing_registry")) {
        rows.next();
        assertThat(rows.getInt(1)).as("the withdrawn attempt left no row").isZero();
      }
    }
  }

  @Test
  void theCallersTransactionMustBeActiveAndReadCommitted() throws SQLException {
    EntityManager em = database.entityManagerFactory().createEntityManager();
    try {
      assertThatThrownBy(() -> claims.tryClaim(em, "worker-1", "m-1", QUEUE))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no active transaction on this EntityManager for claiming"
              + " message m-1");

      em.getTransaction().begin();
      em.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").executeUpdate();
      assertThatThrownBy(() -> claims.tryClaim(em, "worker-1", "m-1", QUEUE))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("isolation level 'repeatable read'")
          .hasMessageContaining("READ COMMITTED");
      // Still usable: the claim was undone to its savepoint.
      assertThat(claims.history(em, "m-1")).isEmpty();
      em.getTransaction().commit();
    } finally {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      em.close();
    }
    assertThat(countRows("m-1")).isZero();
  }

  // ---------------------------------------------------------------- other errors

  @Test
  void anotherUniqueViolationIsRethrownEvenWhenItsNameContainsTheIndexName() throws SQLException {
    String lookalike = "solo_queue_processing_registry_message_id_idx";
    execute("CREATE UNIQUE INDEX " + lookalike
        + " ON queue_processing_registry (queue_name) WHERE queue_name = 'solo'");
    try {
      claimed(claims.tryClaim("worker-1", "m-1", "solo"));
      assertThatThrownBy(() -> claims.tryClaim("worker-1", "m-2", "solo"))
          .isInstanceOf(PersistenceException.class)
          .satisfies(e -> {
            PSQLException cause = findCause(e, PSQLException.class);
            assertThat(cause.getSQLState()).isEqualTo("23505");
            assertThat(cause.getServerErrorMessage().getConstraint()).isEqualTo(lookalike);
          });
      assertThat(countRows("m-2")).isZero();

      // In the caller's transaction: rethrown too, and the transaction is still usable.
      inCallersTransaction(em -> {
        assertThatThrownBy(() -> claims.tryClaim(em, "worker-1", "m-3", "solo"))
            .isInstanceOf(PersistenceException.class);
        claimed(claims.tryClaim(em, "worker-1", "m-4", QUEUE));
        return null;
      });
      assertThat(countRows("m-3")).isZero();
      assertThat(countRows("m-4")).isEqualTo(1);
    } finally {
      execute("DROP INDEX " + lookalike);
    }
  }

  @Test
  void aCheckViolationIsRethrown() throws SQLException {
    execute("ALTER TABLE queue_processing_registry ADD CONSTRAINT no_spaces_in_workers"
        + " CHECK (position(' ' in claimed_by) = 0)");
    try {
      assertThatThrownBy(() -> claims.tryClaim("worker one", "m-1", QUEUE))
          .isInstanceOf(PersistenceException.class)
          .satisfies(e -> assertThat(findCause(e, PSQLException.class).getSQLState())
              .isEqualTo("23514"));
      assertThat(countRows("m-1")).isZero();
    } finally {
      execute("ALTER TABLE queue_processing_registry DROP CONSTRAINT no_spaces_in_workers");
    }
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> claims.tryClaim(" ", "m-1", QUEUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workerId must not be blank; pass the id of the worker that will process the"
            + " message");
    assertThatThrownBy(() -> claims.tryClaim("w", null, QUEUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("messageId must not be null");
    assertThatThrownBy(() -> claims.tryClaim("w", "m-1", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("queueName must not be blank");
    Claim claim = claimed(claims.tryClaim("w", "m-1", QUEUE));
    assertThatThrownBy(() -> claim.step(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("step must not be blank");
    assertThatThrownBy(() -> claim.fail(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("newMessageId must not be blank");
  }

  // ---------------------------------------------------------------- a lost connection
  // Through PgBouncer the session killed is PgBouncer's server connection: PgBouncer passes the
  // server's FATAL (57P01) on to the client and closes the client connection, so the library
  // sees the same failure as directly.

  @Test
  void aConnectionKilledUnderTheClaimThrowsAndWritesNothing() throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Connection competitor = plain.getConnection()) {
      competitor.setAutoCommit(false);
      pythonClaims(competitor, UUID.randomUUID(), "m-1", "competitor", null);
      Future<ClaimResult> claiming = thread.submit(() -> claims.tryClaim("worker-1", "m-1", QUEUE));
      // The claim waits in the index; end its session from outside.
      terminate(awaitBackendWaiting("Lock"));
      Throwable failure = failureOf(claiming);
      assertThat(failure).isInstanceOf(ClaimConnectionException.class)
          .hasMessageContaining("lost the connection to PostgreSQL while claiming message m-1")
          .hasMessageContaining("57P01")
          .hasMessageEndingWith("nothing was written");
      ClaimConnectionException lost = (ClaimConnectionException) failure;
      assertThat(lost.messageId()).isEqualTo("m-1");
      assertThat(lost.attemptId()).isNotNull();
      assertThat(lost.isOutcomeUnknown()).isFalse();
      competitor.rollback();
      assertThat(countRows("m-1")).isZero();
      assertThat(countRowsWithId(lost.attemptId())).isZero();
    } finally {
      thread.shutdownNow();
    }
    // The pool replaces the dead connection: claims go on.
    claimed(claims.tryClaim("worker-1", "m-1", QUEUE));
  }

  @Test
  void aClaimWithNoConnectionToBeHadThrowsAndWritesNothing() throws SQLException {
    try (DevdoxDatabase small =
        DevdoxDatabase.start(
            connectivity().config(testDatabase).poolMin(0).poolMax(1)
                .connectTimeout(Duration.ofMillis(500)).build())) {
      QueueClaims smallClaims = QueueClaims.of(small);
      EntityManager holder = small.entityManagerFactory().createEntityManager();
      try {
        holder.getTransaction().begin();
        // Holds the pool's only connection: the claim cannot get one, so it sends nothing.
        holder.createNativeQuery("select 1").getSingleResult();
        assertThatThrownBy(() -> smallClaims.tryClaim("worker-1", "m-1", QUEUE))
            .isInstanceOfSatisfying(
                ClaimConnectionException.class,
                e -> assertThat(e.isOutcomeUnknown()).isFalse())
            .hasMessageContaining("while claiming message m-1")
            .hasMessageEndingWith("nothing was written");
      } finally {
        holder.getTransaction().rollback();
        holder.close();
      }
      assertThat(countRows("m-1")).isZero();
      claimed(smallClaims.tryClaim("worker-1", "m-1", QUEUE));
    }
  }

  @Test
  void aConnectionKilledDuringTheCommitIsCheckedOnANewOne() throws Exception {
    // A deferred trigger holds the commit of claims in queue 'slow-commit' in a sleep.
    execute("CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS"
        + " $$ BEGIN PERFORM pg_sleep(60); RETURN NULL; END $$");
    execute("CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON queue_processing_registry"
        + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.queue_name = 'slow-commit')"
        + " EXECUTE FUNCTION slow_commit()");
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<ClaimResult> claiming =
          thread.submit(() -> claims.tryClaim("worker-1", "m-1", "slow-commit"));
      terminate(awaitBackendWaiting("Timeout"));
      Throwable failure = failureOf(claiming);
      assertThat(failure).isInstanceOf(ClaimConnectionException.class)
          .hasMessageContaining("while claiming message m-1")
          .hasMessageEndingWith("checked on a new connection: nothing was written");
      assertThat(((ClaimConnectionException) failure).isOutcomeUnknown()).isFalse();
      assertThat(countRows("m-1")).isZero();
    } finally {
      thread.shutdownNow();
      execute("DROP TRIGGER slow_commit ON queue_processing_registry");
      execute("DROP FUNCTION slow_commit()");
    }
  }

  @Test
  void aConnectionKilledUnderAClaimInTheCallersTransactionThrowsAndWritesNothing()
      throws Exception {
    EntityManager em = database.entityManagerFactory().createEntityManager();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Connection competitor = plain.getConnection()) {
      competitor.setAutoCommit(false);
      pythonClaims(competitor, UUID.randomUUID(), "m-1", "competitor", null);
      em.getTransaction().begin();
      claimed(claims.tryClaim(em, "worker-1", "m-0", QUEUE));
      Future<ClaimResult> claiming =
          thread.submit(() -> claims.tryClaim(em, "worker-1", "m-1", QUEUE));
      terminate(awaitBackendWaiting("Lock"));
      assertThat(failureOf(claiming)).isInstanceOf(ClaimConnectionException.class)
          .hasMessageContaining("while claiming message m-1");
      competitor.rollback();
    } finally {
      thread.shutdownNow();
      try {
        if (em.getTransaction().isActive()) {
          em.getTransaction().rollback();
        }
      } catch (RuntimeException expected) {
        // the connection is gone
      }
      em.close();
    }
    assertThat(countRows("m-0")).isZero();
    assertThat(countRows("m-1")).isZero();
  }

  @Test
  void aConnectionKilledUnderAClaimCallThrowsTheSameException() throws Exception {
    Claim claim = claimed(claims.tryClaim("worker-1", "m-1", QUEUE));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Connection holder = plain.getConnection()) {
      holder.setAutoCommit(false);
      try (PreparedStatement lock = holder.prepareStatement(
          "SELECT 1 FROM queue_processing_registry WHERE id = ? FOR UPDATE")) {
        lock.setObject(1, claim.id());
        lock.executeQuery().close();
      }
      Future<?> starting = thread.submit(claim::start);
      terminate(awaitBackendWaiting("Lock"));
      Throwable failure = failureOf(starting);
      assertThat(failure).isInstanceOf(ClaimConnectionException.class)
          .hasMessageContaining("while starting message m-1 (attempt " + claim.id() + ")");
      holder.rollback();
    } finally {
      thread.shutdownNow();
    }
    assertThat(onlyAttempt("m-1").statusWord()).isEqualTo("pending");
    claim.start();
    assertThat(onlyAttempt("m-1").statusWord()).isEqualTo("in_progress");
  }

  // ---------------------------------------------------------------- another schema

  @Test
  void claimsWorkInANonDefaultSchema() throws SQLException {
    TestPostgres.TestDatabase db =
        TestPostgres.newDatabase("claims_schema_" + connectivity().name());
    try (DevdoxDatabase other =
        DevdoxDatabase.start(
            connectivity().config(db).schema("devdox_jobs")
                .schemaAction(SchemaAction.CREATE_MISSING).build())) {
      QueueClaims inSchema = QueueClaims.of(other);
      assertThat(inSchema.schema()).isEqualTo("devdox_jobs");
      assertThat(QueueClaims.of(other.entityManagerFactory()).schema()).isEqualTo("devdox_jobs");

      Claim first = claimed(inSchema.tryClaim("worker-1", "m-1", QUEUE));
      first.fail();
      Claim second = claimed(QueueClaims.of(other.entityManagerFactory())
          .tryClaim("worker-2", "m-1", QUEUE));
      assertThat(second.previousAttemptId()).isEqualTo(first.id());
      assertThat(notClaimed(inSchema.tryClaim("worker-3", "m-1", QUEUE)).reason())
          .isEqualTo(Reason.ACTIVE);
      assertThat(inSchema.history("m-1")).hasSize(2);
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement();
          ResultSet rows = s.executeQuery(
              "SELECT count(*) FROM devdox_jobs.queue_processing_registry WHERE message_id = 'm-1'"
                  + " AND (SELECT count(*) FROM pg_tables WHERE tablename ="
                  + " 'queue_processing_registry') = 1")) {
        rows.next();
        assertThat(rows.getInt(1)).isEqualTo(2);
      }
    }
    assertThat(QueueClaims.of(database.entityManagerFactory()).schema()).isNull();
  }

  // ---------------------------------------------------------------- helpers

  private Claim claimed(ClaimResult result) {
    assertThat(result).isInstanceOf(Claimed.class);
    assertThat(result.isClaimed()).isTrue();
    return ((Claimed) result).claim();
  }

  private NotClaimed notClaimed(ClaimResult result) {
    assertThat(result).isInstanceOf(NotClaimed.class);
    assertThat(result.isClaimed()).isFalse();
    return (NotClaimed) result;
  }

  private QueueAttempt onlyAttempt(String messageId) {
    List<QueueAttempt> history = claims.history(messageId);
    assertThat(history).hasSize(1);
    return history.get(0);
  }

  private <T> T inCallersTransaction(Function<EntityManager, T> work) {
    return database.inTransaction(work);
  }

  private Throwable failureOf(Future<?> future) throws InterruptedException {
    try {
      future.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the call did not end", e);
    }
    throw new AssertionError("the call did not fail");
  }

  private <T extends Throwable> T findCause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + e);
  }

  /** Waits until one other session of this database waits on {@code waitEventType}; its pid. */
  private int awaitBackendWaiting(String waitEventType) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection c = plain.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid() AND wait_event_type = ?")) {
      s.setString(1, waitEventType);
      while (System.nanoTime() < deadline) {
        try (ResultSet rows = s.executeQuery()) {
          if (rows.next()) {
            return rows.getInt(1);
          }
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("no session waits on " + waitEventType);
  }

  /** The competitor completes its attempt {@code id}, in its open transaction. */
  private static void completes(Connection competitor, UUID id) throws SQLException {
    try (PreparedStatement done =
        competitor.prepareStatement(
            "UPDATE queue_processing_registry SET status = 'completed', step = 'done'"
                + " WHERE id = ?")) {
      done.setObject(1, id);
      done.executeUpdate();
    }
  }

  private void terminate(int pid) throws SQLException {
    try (Connection c = plain.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      s.setInt(1, pid);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        assertThat(rows.getBoolean(1)).isTrue();
      }
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = plain.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private int countRows(String messageId) throws SQLException {
    return count("message_id = ?", messageId);
  }

  private int countRowsWithId(UUID id) throws SQLException {
    return count("id = ?", id);
  }

  private int count(String condition, Object value) throws SQLException {
    try (Connection c = plain.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT count(*) FROM queue_processing_registry WHERE " + condition)) {
      s.setObject(1, value);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  private void insertRow(
      UUID id, String messageId, String status, OffsetDateTime claimedAt,
      OffsetDateTime updatedAt, UUID previous) throws SQLException {
    try (Connection c = plain.getConnection()) {
      insertRow(c, id, messageId, "someone", status, claimedAt, updatedAt, previous);
    }
  }

  private void insertRow(
      Connection c, UUID id, String messageId, String worker, String status,
      OffsetDateTime claimedAt, OffsetDateTime updatedAt, UUID previous) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO queue_processing_registry (id, message_id, queue_name, claimed_by, step,"
            + " status, previous_message_id, claimed_at, updated_at)"
            + " VALUES (?, ?, ?, ?, 'start', ?, ?, ?, ?)")) {
      s.setObject(1, id);
      s.setString(2, messageId);
      s.setString(3, QUEUE);
      s.setString(4, worker);
      s.setString(5, status);
      s.setObject(6, previous);
      s.setObject(7, claimedAt);
      s.setObject(8, updatedAt);
      s.executeUpdate();
    }
  }

  /**
   * A claim exactly as the Python tracker writes it: its own clock for {@code claimed_at} and
   * {@code updated_at}, status pending, step start.
   */
  private void pythonClaims(UUID id, String messageId, String worker, UUID previous)
      throws SQLException {
    try (Connection c = plain.getConnection()) {
      pythonClaims(c, id, messageId, worker, previous);
    }
  }

  private void pythonClaims(
      Connection c, UUID id, String messageId, String worker, UUID previous) throws SQLException {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    insertRow(c, id, messageId, worker, "pending", now, now, previous);
  }

  /** An update as the Python tracker makes it: the columns and {@code updated_at}, by id. */
  private void pythonUpdates(UUID id, String assignment) throws SQLException {
    try (Connection c = plain.getConnection();
        PreparedStatement s = c.prepareStatement(
            "UPDATE queue_processing_registry SET " + assignment
                + ", updated_at = ? WHERE id = ?")) {
      s.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
      s.setObject(2, id);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
  }

  /** The Python tracker's latest attempt: {@code ORDER BY message_id DESC, updated_at DESC}. */
  private UUID pythonLatestId(String messageId) throws SQLException {
    try (Connection c = plain.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT id FROM queue_processing_registry WHERE message_id = ?"
                + " ORDER BY message_id DESC, updated_at DESC LIMIT 1")) {
      s.setString(1, messageId);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? rows.getObject(1, UUID.class) : null;
      }
    }
  }
}
