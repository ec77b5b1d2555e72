package com.example.devdox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.devdox.models.entity.QueueProcessingRegistry;
import ai.devdox.models.entity.RegistryStatus;
import ai.devdox.models.schema.CustomIndexes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The partial unique index the claim protocol relies on, inside Spring-managed transactions: a
 * second active attempt at one message fails at commit with the index's name, and a follow-up
 * attempt after a failed one is accepted.
 */
class QueueIndexTest extends ExampleTestBase {

  @Autowired DevdoxStore store;
  @Autowired TransactionTemplate transactions;
  @PersistenceContext EntityManager entityManager;

  @Test
  void aSecondActiveAttemptAtOneMessageIsRefusedByThePartialIndex() {
    String messageId = Samples.unique("msg");
    QueueProcessingRegistry first = store.save(Samples.attempt(messageId, "worker-a", null));
    QueueProcessingRegistry second = Samples.attempt(messageId, "worker-b", null);

    Throwable thrown = catchThrowable(() -> store.save(second));

    System.out.println("Spring Boot 3 example: a second active attempt fails with " + thrown);
    assertThat(thrown).isInstanceOf(DataIntegrityViolationException.class);
    PSQLException cause = sqlCause(thrown);
    assertThat(cause.getSQLState()).isEqualTo("23505");
    assertThat(cause.getServerErrorMessage().getConstraint())
        .isEqualTo(CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX);
    assertThat(store.find(QueueProcessingRegistry.class, second.getId())).isEmpty();

    store.update(
        QueueProcessingRegistry.class,
        first.getId(),
        attempt -> {
          attempt.setStatus(RegistryStatus.FAILED);
          attempt.setStep("parse");
        });
    QueueProcessingRegistry retry = store.save(Samples.attempt(messageId, "worker-b", first.getId()));

    List<QueueProcessingRegistry> history =
        transactions.execute(
            status ->
                entityManager
                    .createQuery(
                        "select a from QueueProcessingRegistry a where a.messageId = :messageId"
                            + " order by a.claimedAt",
                        QueueProcessingRegistry.class)
                    .setParameter("messageId", messageId)
                    .getResultList());
    assertThat(history).containsExactly(first, retry);
    assertThat(history.get(0).getStatus()).isEqualTo(RegistryStatus.FAILED);
    assertThat(history.get(1).getStatus()).isEqualTo(RegistryStatus.PENDING);
    assertThat(history.get(1).getPreviousMessageId()).isEqualTo(first.getId());
  }

  @Test
  void aRolledBackFrameworkTransactionLeavesNoAttempt() {
    QueueProcessingRegistry attempt = Samples.attempt(Samples.unique("msg"), "worker-a", null);
    transactions.executeWithoutResult(
        status -> {
          store.save(attempt);
          status.setRollbackOnly();
        });
    assertThat(store.find(QueueProcessingRegistry.class, attempt.getId())).isEmpty();
  }

  private static PSQLException sqlCause(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof PSQLException psql) {
        return psql;
      }
    }
    throw new AssertionError("no PSQLException in the causes of " + thrown, thrown);
  }
}
