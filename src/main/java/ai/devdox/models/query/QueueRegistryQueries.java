package ai.devdox.models.query;

import ai.devdox.models.entity.QueueProcessingRegistry;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The chain of attempts of {@code queue_processing_registry}: each attempt's
 * {@code previous_message_id} holds the id of the attempt it follows (a uuid column, no foreign
 * key). These methods follow that link both ways and list a message's attempts; claiming a
 * message is the claim protocol's business, not this class's.
 *
 * <table>
 *   <caption>Statements and indexes</caption>
 *   <tr><th>method</th><th>statements</th><th>index</th></tr>
 *   <tr><td>{@link #previousOf}</td><td>1 (0 when already loaded)</td>
 *       <td>{@code queue_processing_registry_pkey}</td></tr>
 *   <tr><td>{@link #chainOf}</td><td>1 (a recursive query)</td>
 *       <td>{@code queue_processing_registry_pkey}, once per step</td></tr>
 *   <tr><td>{@link #nextOf}</td><td>1</td><td>{@code idx_queue_proce_message_10f9ee}</td></tr>
 *   <tr><td>{@link #attemptsOf}</td><td>1</td><td>{@code idx_queue_proce_message_10f9ee}</td></tr>
 * </table>
 */
public final class QueueRegistryQueries {

  /** The entity's columns, for the native chain query. */
  private static final String COLUMNS =
      "id, message_id, queue_name, claimed_by, step, status, previous_message_id, claimed_at,"
          + " updated_at";

  private final EntityManager em;

  /**
   * Queries run through {@code entityManager}, in its persistence context and transaction.
   *
   * @throws IllegalArgumentException when {@code entityManager} is null
   */
  public QueueRegistryQueries(EntityManager entityManager) {
    this.em = Queries.requireEntityManager(entityManager);
  }

  /**
   * The attempt this one follows, by primary key.
   *
   * @return empty for a first attempt, or when the previous row is gone
   * @throws IllegalArgumentException when {@code attempt} is null
   */
  public Optional<QueueProcessingRegistry> previousOf(QueueProcessingRegistry attempt) {
    Args.notNull(attempt, "attempt");
    UUID previous = attempt.getPreviousMessageId();
    return previous == null
        ? Optional.empty()
        : Optional.ofNullable(em.find(QueueProcessingRegistry.class, previous));
  }

  /**
   * The attempt and all the attempts before it, newest first: {@code attempt}, its previous, that
   * one's previous, and so on, in one recursive statement. A chain that loops back on itself
   * (a bad write) ends before the repeat; a missing row ends the chain.
   *
   * @throws IllegalArgumentException when {@code attempt} is null
   */
  public List<QueueProcessingRegistry> chainOf(QueueProcessingRegistry attempt) {
    Args.notNull(attempt, "attempt");
    return chainOf(attempt.getId());
  }

  /**
   * The chain ending at the attempt {@code id}, newest first; empty when there is no such row.
   *
   * @throws IllegalArgumentException when {@code id} is null
   */
  public List<QueueProcessingRegistry> chainOf(UUID id) {
    Args.notNull(id, "id");
    // {h-schema} is Hibernate's placeholder for the configured default schema. The rows are
    // carried through the recursion itself, so each step is one primary-key look-up and nothing
    // is joined afterwards; the path array stops a loop written by mistake.
    String sql =
        "with recursive chain(" + COLUMNS + ", depth, path) as ("
            + " select " + prefixed("s") + ", 0, array[s.id]"
            + " from {h-schema}queue_processing_registry s where s.id = ?1"
            + " union all"
            + " select " + prefixed("p") + ", c.depth + 1, c.path || p.id"
            + " from {h-schema}queue_processing_registry p"
            + " join chain c on p.id = c.previous_message_id"
            + " where not p.id = any(c.path))"
            + " select " + COLUMNS + " from chain order by depth";
    @SuppressWarnings("unchecked")
    List<QueueProcessingRegistry> rows =
        em.createNativeQuery(sql, QueueProcessingRegistry.class)
            .setParameter(1, id)
            .getResultList();
    return rows;
  }

  private static String prefixed(String alias) {
    return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
  }

  /**
   * The attempts that follow this one (normally none or one), oldest first. Only attempts of the
   * same message are searched: by the claim protocol an attempt follows the latest attempt of its
   * own message, and the {@code message_id} condition lets the query use
   * {@code idx_queue_proce_message_10f9ee} ({@code previous_message_id} has no index).
   *
   * @throws IllegalArgumentException when {@code attempt} is null
   */
  public List<QueueProcessingRegistry> nextOf(QueueProcessingRegistry attempt) {
    Args.notNull(attempt, "attempt");
    return em.createQuery(
            "select q from QueueProcessingRegistry q where q.messageId = :messageId"
                + " and q.previousMessageId = :id order by q.updatedAt, q.id",
            QueueProcessingRegistry.class)
        .setParameter("messageId", attempt.getMessageId())
        .setParameter("id", attempt.getId())
        .getResultList();
  }

  /**
   * Every attempt at a message from a queue, newest first (by {@code claimed_at}, unclaimed rows
   * last, then {@code updated_at}, then id): the message's whole audit trail in one statement.
   *
   * @throws IllegalArgumentException when {@code messageId} or {@code queueName} is blank
   */
  public List<QueueProcessingRegistry> attemptsOf(String messageId, String queueName) {
    Args.text(messageId, "messageId");
    Args.text(queueName, "queueName");
    return em.createQuery(
            "select q from QueueProcessingRegistry q where q.messageId = :messageId"
                + " and q.queueName = :queueName"
                + " order by q.claimedAt desc nulls last, q.updatedAt desc, q.id desc",
            QueueProcessingRegistry.class)
        .setParameter("messageId", messageId)
        .setParameter("queueName", queueName)
        .getResultList();
  }
}
