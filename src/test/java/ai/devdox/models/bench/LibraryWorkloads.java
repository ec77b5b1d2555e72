package ai.devdox.models.bench;

import ai.devdox.models.bench.BenchData.ChunkRow;
import ai.devdox.models.bootstrap.DatabaseConfig;
import ai.devdox.models.bootstrap.DevdoxDatabase;
import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.QueueProcessingRegistry;
import ai.devdox.models.entity.RegistryStatus;
import ai.devdox.models.entity.Repo;
import ai.devdox.models.schema.CustomIndexes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The library side of the benchmark: every call the benchmark makes into the library is in this
 * class, so moving a workload onto a newer API of the library changes this class only.
 *
 * <p>Today W1 persists {@link CodeChunk} entities in batches (flush and clear per batch), W2 runs
 * the claim protocol with entities (latest attempt by JPQL, a pending {@link
 * QueueProcessingRegistry} persisted, a lost race recognised by SQLState 23505 on {@link
 * CustomIndexes#QUEUE_ACTIVE_MESSAGE_INDEX}), W3 and W4 are JPQL selects, W5 is {@link
 * DevdoxDatabase#start} and a first JPQL query.
 */
final class LibraryWorkloads implements Workloads {

  static final String PAGE_JPQL =
      "select r from Repo r where r.userId = :userId order by r.createdAt desc";
  static final String CHUNKS_JPQL = "select c from CodeChunk c where c.repoId = :repoId";
  static final String LATEST_ATTEMPT_JPQL =
      "select q from QueueProcessingRegistry q where q.messageId = :messageId"
          + " order by coalesce(q.claimedAt, q.updatedAt) desc, q.updatedAt desc, q.id desc";

  private final DevdoxDatabase database;
  private final EntityManagerFactory factory;

  LibraryWorkloads(DevdoxDatabase database) {
    this.database = database;
    this.factory = database.entityManagerFactory();
  }

  @Override
  public String side() {
    return "lib";
  }

  @Override
  public long insertChunks(List<ChunkRow> rows) {
    int batchSize = database.config().batchSize();
    return database.inTransaction(em -> {
      int inBatch = 0;
      for (ChunkRow row : rows) {
        em.persist(toEntity(row));
        if (++inBatch == batchSize) {
          em.flush();
          em.clear();
          inBatch = 0;
        }
      }
      em.flush();
      em.clear();
      return (long) rows.size();
    });
  }

  @Override
  public ClaimOutcome claim(String workerId, String messageId, String queueName) {
    try {
      return database.inTransaction(em -> {
        List<QueueProcessingRegistry> latest =
            em.createQuery(LATEST_ATTEMPT_JPQL, QueueProcessingRegistry.class)
                .setParameter("messageId", messageId)
                .setMaxResults(1)
                .getResultList();
        QueueProcessingRegistry previous = latest.isEmpty() ? null : latest.get(0);
        if (previous != null && !claimable(previous.getStatusWord())) {
          return ClaimOutcome.NOT_CLAIMABLE;
        }
        QueueProcessingRegistry attempt = new QueueProcessingRegistry();
        attempt.setMessageId(messageId);
        attempt.setQueueName(queueName);
        attempt.setClaimedBy(workerId);
        attempt.setStep("start");
        attempt.setStatus(RegistryStatus.PENDING);
        attempt.setPreviousMessageId(previous == null ? null : previous.getId());
        attempt.setClaimedAt(Instant.now().truncatedTo(ChronoUnit.MICROS));
        em.persist(attempt);
        em.flush();
        return ClaimOutcome.CLAIMED;
      });
    } catch (PersistenceException e) {
      if (lostRace(e)) {
        return ClaimOutcome.LOST_RACE;
      }
      throw e;
    }
  }

  @Override
  public List<Repo> repoPage(String userId, int page, int size) {
    EntityManager em = factory.createEntityManager();
    try {
      return em.createQuery(PAGE_JPQL, Repo.class)
          .setParameter("userId", userId)
          .setFirstResult(page * size)
          .setMaxResults(size)
          .getResultList();
    } finally {
      em.close();
    }
  }

  @Override
  public long pageHash(List<?> page) {
    long hash = 1;
    for (Object repo : page) {
      hash = hash * 31 + ((Repo) repo).getId().hashCode();
    }
    return hash;
  }

  @Override
  public List<CodeChunk> loadChunks(String repoId) {
    EntityManager em = factory.createEntityManager();
    try {
      return em.createQuery(CHUNKS_JPQL, CodeChunk.class)
          .setParameter("repoId", repoId)
          .getResultList();
    } finally {
      em.close();
    }
  }

  @Override
  public Loaded digest(List<?> chunks) {
    long digest = 0;
    for (Object row : chunks) {
      CodeChunk chunk = (CodeChunk) row;
      digest += Loaded.rowDigest(chunk.getId(), chunk.getContent(),
          chunk.getEmbedding().hashCode(), chunk.getMetadata());
    }
    return new Loaded(chunks.size(), digest);
  }

  /**
   * W5, in a fresh JVM: starts the library from {@code config} and runs a first query (the newest
   * repo of the benchmark's user); returns the rows read. The caller times it.
   */
  static int startAndFirstQuery(DatabaseConfig config) {
    try (DevdoxDatabase database = DevdoxDatabase.start(config)) {
      EntityManager em = database.entityManagerFactory().createEntityManager();
      try {
        return em.createQuery(PAGE_JPQL, Repo.class)
            .setParameter("userId", BenchData.USER_ID)
            .setMaxResults(1)
            .getResultList()
            .size();
      } finally {
        em.close();
      }
    }
  }

  static CodeChunk toEntity(ChunkRow row) {
    CodeChunk chunk = new CodeChunk();
    chunk.setId(row.id());
    chunk.setUserId(row.userId());
    chunk.setRepoId(row.repoId());
    chunk.setContent(row.content());
    double[] numbers = row.embedding();
    List<Double> embedding = new ArrayList<>(numbers.length);
    for (double number : numbers) {
      embedding.add(number);
    }
    chunk.setEmbedding(embedding);
    chunk.setMetadata(row.metadata());
    chunk.setFileName(row.fileName());
    chunk.setFilePath(row.filePath());
    chunk.setFileSize(row.fileSize());
    chunk.setCommitNumber(row.commitNumber());
    chunk.setCreatedAt(row.createdAt());
    return chunk;
  }

  private static boolean claimable(String latestStatus) {
    return RegistryStatus.FAILED.word().equals(latestStatus)
        || RegistryStatus.RETRY.word().equals(latestStatus);
  }

  /** A unique violation on the active-message index: another worker's claim won. */
  static boolean lostRace(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        if (sql instanceof PSQLException psql) {
          ServerErrorMessage server = psql.getServerErrorMessage();
          if (server != null && server.getConstraint() != null) {
            return CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX.equals(server.getConstraint());
          }
        }
        String message = sql.getMessage();
        return message != null && message.contains(CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX);
      }
    }
    return false;
  }
}
