package com.example.devdox;

import ai.devdox.models.queue.Claim;
import ai.devdox.models.queue.ClaimResult;
import ai.devdox.models.queue.QueueAttempt;
import ai.devdox.models.queue.QueueClaims;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Processes queue messages with the library's claim protocol inside Spring transactions: the
 * claim, the attempt's progress and the service's own writes for the message commit together, or
 * roll back together. A message another worker holds or has done is a {@link
 * ClaimResult.NotClaimed}, never an exception, and the transaction goes on.
 */
@Service
public class QueueWorker {

  @PersistenceContext private EntityManager entityManager;

  private final QueueClaims claims;

  public QueueWorker(EntityManagerFactory entityManagerFactory) {
    // The schema the persistence unit maps the entities to (hibernate.default_schema), if any.
    this.claims = QueueClaims.of(entityManagerFactory);
  }

  /**
   * Claims message {@code messageId} of queue {@code queueName} for worker {@code workerId} in the
   * current transaction (a new one if none), and when it is won: marks the attempt in progress,
   * records the step, runs {@code work} with the transaction's entity manager and completes the
   * attempt. Nothing of it counts until the transaction commits; when {@code work} throws, it all
   * rolls back and the message is free again.
   *
   * @return the claim's result: {@link ClaimResult.Claimed} when this worker processed the
   *     message, else {@link ClaimResult.NotClaimed} with the reason ({@code work} did not run)
   */
  @Transactional
  public ClaimResult process(
      String workerId, String messageId, String queueName, Consumer<EntityManager> work) {
    ClaimResult result = claims.tryClaim(entityManager, workerId, messageId, queueName);
    if (result instanceof ClaimResult.Claimed won) {
      Claim claim = won.claim();
      claim.start();
      claim.step("storing");
      work.accept(entityManager);
      claim.complete();
    }
    return result;
  }

  /** Every attempt at message {@code messageId}, oldest first. */
  @Transactional(readOnly = true)
  public List<QueueAttempt> history(String messageId) {
    return claims.history(entityManager, messageId);
  }
}
