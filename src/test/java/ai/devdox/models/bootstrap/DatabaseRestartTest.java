package ai.devdox.models.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.RegistryStatus;
import ai.devdox.models.testsupport.PrivatePostgres;
import ai.devdox.models.testsupport.Samples;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * PostgreSQL restarted under a run of writes, twice: once cleanly ({@code pg_ctl stop -m fast},
 * every session ended) and once as a crash ({@code -m immediate}, recovered from the WAL). On a
 * server of this test's own ({@link PrivatePostgres}), never the shared one.
 *
 * <p>Every write is one transaction inserting one row with a unique message id. Afterwards every
 * acknowledged write is in the table, every write that failed with "nothing was written" is not,
 * each failure was a {@link DevdoxConnectionException}, and the pool went on by itself.
 */
class DatabaseRestartTest {

  private static final int WRITERS = 4;
  private static final int ACKS_BETWEEN_FAULTS = 150;
  private static final int MAX_WRITES_PER_WRITER = 5_000;

  private enum Outcome { ACKNOWLEDGED, FAILED, IN_DOUBT }

  @Test
  void acknowledgedWritesSurviveRestartsAndFailedOnesAreAbsent() throws Exception {
    try (PrivatePostgres server = PrivatePostgres.start("restart", null)) {
      PGSimpleDataSource admin = new PGSimpleDataSource();
      admin.setUrl(server.jdbcUrl());
      admin.setUser(PrivatePostgres.USER);
      DevdoxFixture.createSchema(admin, null);
      DatabaseConfig config =
          DatabaseConfig.builder()
              .jdbcUrl(server.jdbcUrl())
              .user(PrivatePostgres.USER)
              .poolMin(WRITERS)
              .poolMax(WRITERS)
              .connectTimeout(Duration.ofSeconds(1))
              .build();

      Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
      List<RuntimeException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      AtomicInteger acknowledged = new AtomicInteger();
      AtomicBoolean stop = new AtomicBoolean();
      int faults = 0;
      try (DevdoxDatabase devdox = DevdoxDatabase.start(config)) {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          int writer = w;
          running.add(
              writers.submit(
                  () -> {
                    for (int i = 0; i < MAX_WRITES_PER_WRITER && !stop.get(); i++) {
                      String messageId = "w" + writer + "-" + i;
                      try {
                        devdox.inTransactionDo(
                            em -> em.persist(Samples.registry(messageId, RegistryStatus.PENDING)));
                        outcomes.put(messageId, Outcome.ACKNOWLEDGED);
                        acknowledged.incrementAndGet();
                      } catch (DevdoxConnectionException e) {
                        outcomes.put(
                            messageId, e.commitOutcomeUnknown() ? Outcome.IN_DOUBT : Outcome.FAILED);
                        failures.add(e);
                      } catch (RuntimeException e) {
                        outcomes.put(messageId, Outcome.FAILED);
                        failures.add(e);
                      }
                    }
                  }));
        }
        try {
          awaitAcknowledged(acknowledged, ACKS_BETWEEN_FAULTS);
          for (boolean crash : new boolean[] {false, true}) {
            server.stop(crash);
            faults++;
            Thread.sleep(1_500);
            server.start();
            // The pool recovers by itself: writes are acknowledged again, nobody restarted it.
            awaitAcknowledged(acknowledged, acknowledged.get() + ACKS_BETWEEN_FAULTS);
          }
        } finally {
          stop.set(true);
          for (Future<?> future : running) {
            future.get(120, TimeUnit.SECONDS);
          }
          writers.shutdownNow();
        }
      }

      Set<String> found = new HashSet<>();
      try (Connection connection = admin.getConnection();
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("select message_id from queue_processing_registry")) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
      Set<String> acked = keys(outcomes, Outcome.ACKNOWLEDGED);
      Set<String> failed = keys(outcomes, Outcome.FAILED);
      Set<String> inDoubt = keys(outcomes, Outcome.IN_DOUBT);
      Set<String> inDoubtFound = new HashSet<>(inDoubt);
      inDoubtFound.retainAll(found);
      System.out.printf(
          "restart test: %d faults injected (clean restart, crash restart), %d survived;"
              + " writes attempted %d, acknowledged %d, failed %d (nothing written), in doubt %d"
              + " (%d of them committed); rows found after the restarts %d%n",
          faults, faults, outcomes.size(), acked.size(), failed.size(), inDoubt.size(),
          inDoubtFound.size(), found.size());

      assertThat(found).containsAll(acked);
      assertThat(found).doesNotContainAnyElementsOf(failed);
      Set<String> explained = new HashSet<>(acked);
      explained.addAll(inDoubt);
      assertThat(explained).containsAll(found);
      assertThat(failed).as("the restarts must have cut some writes off").isNotEmpty();
      assertThat(failures)
          .allSatisfy(
              e -> {
                assertThat(e).isInstanceOf(DevdoxConnectionException.class);
                assertThat(e.getMessage())
                    .containsAnyOf("nothing of it was written", "nothing was written",
                        "may or may not have committed");
              });
      System.out.println("restart test: first failure message: " + failures.get(0).getMessage());
    }
  }

  private static void awaitAcknowledged(AtomicInteger acknowledged, int target)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (acknowledged.get() < target) {
      assertThat(System.nanoTime()).as("writes acknowledged again within 90 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static Set<String> keys(Map<String, Outcome> outcomes, Outcome wanted) {
    Set<String> keys = new HashSet<>();
    outcomes.forEach((id, outcome) -> {
      if (outcome == wanted) {
        keys.add(id);
      }
    });
    return keys;
  }
}
