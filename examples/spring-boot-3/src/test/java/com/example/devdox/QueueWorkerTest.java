package com.example.devdox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.devdox.models.entity.RegistryStatus;
import ai.devdox.models.queue.ClaimResult;
import ai.devdox.models.queue.ClaimResult.Reason;
import ai.devdox.models.queue.QueueAttempt;
import ai.devdox.models.queue.QueueClaims;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The library's claim protocol in Spring transactions ({@code JpaTransactionManager}, the shared
 * {@code EntityManager}): the claim counts once the transaction commits, a refusal is a result and
 * leaves the transaction usable, and a rollback takes the claim with it.
 */
class QueueWorkerTest extends ExampleTestBase {

  private static final String QUEUE = "analysis";

  @Autowired QueueWorker worker;
  @Autowired DevdoxStore store;
  @Autowired TransactionTemplate transactions;
  @Autowired EntityManagerFactory entityManagerFactory;
  @PersistenceContext EntityManager entityManager;

  @Test
  void aClaimProcessedInASpringTransactionIsCompletedOnceItCommits() {
    String messageId = Samples.unique("msg");
    WorkNote note = new WorkNote(UUID.randomUUID().toString(), "embedded " + messageId);

    ClaimResult result =
        worker.process(
            "worker-a",
            messageId,
            QUEUE,
            em -> {
              // Inside the transaction: the attempt is in progress at the recorded step ...
              List<QueueAttempt> inside = worker.history(messageId);
              assertThat(inside).singleElement().satisfies(attempt -> {
                assertThat(attempt.status()).isEqualTo(RegistryStatus.IN_PROGRESS);
                assertThat(attempt.step()).isEqualTo("storing");
              });
              // ... and nobody else sees it before the commit.
              assertThat(committedAttempts(messageId)).isZero();
              em.persist(note);
            });

    assertThat(result).isInstanceOf(ClaimResult.Claimed.class);
    UUID attemptId = ((ClaimResult.Claimed) result).claim().id();
    assertThat(worker.history(messageId)).singleElement().satisfies(attempt -> {
      assertThat(attempt.id()).isEqualTo(attemptId);
      assertThat(attempt.status()).isEqualTo(RegistryStatus.COMPLETED);
      assertThat(attempt.step()).isEqualTo("done");
      assertThat(attempt.claimedBy()).isEqualTo("worker-a");
      assertThat(attempt.queueName()).isEqualTo(QUEUE);
      assertThat(attempt.previousAttemptId()).isNull();
    });
    assertThat(committedAttempts(messageId)).isEqualTo(1);
    assertThat(store.find(WorkNote.class, note.getId())).isPresent();
  }

  @Test
  void aRefusedClaimIsAResultAndTheSpringTransactionGoesOn() {
    String messageId = Samples.unique("msg");
    worker.process("worker-a", messageId, QUEUE, em -> {});
    WorkNote note = new WorkNote(UUID.randomUUID().toString(), "skipped " + messageId);

    ClaimResult second =
        transactions.execute(
            status -> {
              ClaimResult refused =
                  worker.process(
                      "worker-b",
                      messageId,
                      QUEUE,
                      em -> {
                        throw new AssertionError("the work of a refused claim must not run");
                      });
              entityManager.persist(note);
              return refused;
            });

    assertThat(second).isInstanceOfSatisfying(ClaimResult.NotClaimed.class, refused -> {
      assertThat(refused.reason()).isEqualTo(Reason.COMPLETED);
      assertThat(refused.latestClaimedBy()).isEqualTo("worker-a");
    });
    assertThat(store.find(WorkNote.class, note.getId())).isPresent();
    assertThat(worker.history(messageId)).singleElement()
        .extracting(QueueAttempt::claimedBy)
        .isEqualTo("worker-a");
  }

  @Test
  void aLostRaceInsideASpringTransactionLeavesItUsable() throws Exception {
    String messageId = Samples.unique("msg");
    QueueClaims claims = QueueClaims.of(entityManagerFactory);
    WorkNote note = new WorkNote(UUID.randomUUID().toString(), "lost " + messageId);
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      // Worker A claims in its transaction and holds it open: its pending row is not committed.
      Future<ClaimResult> first =
          threads.submit(
              () ->
                  transactions.execute(
                      status -> {
                        ClaimResult won =
                            claims.tryClaim(entityManager, "worker-a", messageId, QUEUE);
                        claimed.countDown();
                        await(commit);
                        return won;
                      }));
      await(claimed);
      // Worker B's claim waits in the partial unique index for A's outcome ...
      Future<ClaimResult> second =
          threads.submit(
              () ->
                  transactions.execute(
                      status -> {
                        ClaimResult lost =
                            worker.process(
                                "worker-b",
                                messageId,
                                QUEUE,
                                em -> {
                                  throw new AssertionError("worker B must not win");
                                });
                        entityManager.persist(note);
                        return lost;
                      }));
      awaitASessionWaitingForALock();
      // ... and loses when A commits; B's transaction stays usable and commits its own write.
      commit.countDown();
      assertThat(first.get(30, TimeUnit.SECONDS)).isInstanceOf(ClaimResult.Claimed.class);
      assertThat(second.get(30, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(ClaimResult.NotClaimed.class,
              lost -> assertThat(lost.reason()).isEqualTo(Reason.LOST_RACE));
    } finally {
      commit.countDown();
      threads.shutdownNow();
    }
    assertThat(store.find(WorkNote.class, note.getId())).isPresent();
    assertThat(worker.history(messageId)).singleElement().satisfies(attempt -> {
      assertThat(attempt.claimedBy()).isEqualTo("worker-a");
      assertThat(attempt.status()).isEqualTo(RegistryStatus.PENDING);
    });
  }

  @Test
  void aClaimInARolledBackSpringTransactionLeavesNoRow() {
    String messageId = Samples.unique("msg");

    // The work fails: @Transactional rolls back the claim with it.
    Throwable thrown =
        catchThrowable(
            () ->
                worker.process(
                    "worker-a",
                    messageId,
                    QUEUE,
                    em -> {
                      throw new IllegalStateException("the repository could not be cloned");
                    }));
    assertThat(thrown).hasMessage("the repository could not be cloned");
    assertThat(worker.history(messageId)).isEmpty();

    // The caller's transaction rolls back after a won claim.
    transactions.executeWithoutResult(
        status -> {
          assertThat(worker.process("worker-a", messageId, QUEUE, em -> {}))
              .isInstanceOf(ClaimResult.Claimed.class);
          status.setRollbackOnly();
        });
    assertThat(worker.history(messageId)).isEmpty();
    assertThat(committedAttempts(messageId)).isZero();

    // The message is free: the next claim is a first attempt.
    assertThat(worker.process("worker-b", messageId, QUEUE, em -> {}))
        .isInstanceOf(ClaimResult.Claimed.class);
    assertThat(worker.history(messageId)).singleElement().satisfies(attempt -> {
      assertThat(attempt.claimedBy()).isEqualTo("worker-b");
      assertThat(attempt.previousAttemptId()).isNull();
    });
  }

  /** Attempts at {@code messageId} committed, seen from a connection of its own. */
  private static int committedAttempts(String messageId) {
    try (Connection connection = ExampleDatabase.shared().dataSource().getConnection();
        PreparedStatement count =
            connection.prepareStatement(
                "select count(*) from queue_processing_registry where message_id = ?")) {
      count.setString(1, messageId);
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not count the attempts at " + messageId, e);
    }
  }

  private static void awaitASessionWaitingForALock() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection connection = ExampleDatabase.shared().dataSource().getConnection();
        PreparedStatement waiting =
            connection.prepareStatement(
                "select count(*) from pg_stat_activity"
                    + " where datname = current_database() and wait_event_type = 'Lock'")) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rows = waiting.executeQuery()) {
          rows.next();
          if (rows.getInt(1) > 0) {
            return;
          }
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("no session waited for a lock within 30 s");
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out waiting for the other worker");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
