package ai.devdox.models.query;

import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.Repo;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;

/**
 * The {@code code_chunks} table's access paths: a repo's chunks (optionally of one file), their
 * deletion, and the bulk insert of a repo's chunks.
 *
 * <p><b>No index.</b> SCHEMA.md gives {@code code_chunks} no secondary index, and this library
 * adds none (the schema belongs to the Python models). Every read, count and delete by
 * {@code repo_id} is therefore a sequential scan of the table: cheap for thousands of rows,
 * proportional to the table for millions. A deployment that needs more can create an index on
 * {@code (repo_id)} itself; these queries would use it unchanged.
 *
 * <p>{@code code_chunks.repo_id} holds the text of {@code repo.id}; the methods take that text
 * (what the Python services pass) or a {@link Repo}.
 */
public final class CodeChunkQueries {

  /** Rows per JDBC batch and per flush when neither the session nor the factory sets one. */
  static final int DEFAULT_BATCH_SIZE = 50;

  private final EntityManager em;

  /**
   * Queries run through {@code entityManager}, in its persistence context and transaction.
   *
   * @throws IllegalArgumentException when {@code entityManager} is null
   */
  public CodeChunkQueries(EntityManager entityManager) {
    this.em = Queries.requireEntityManager(entityManager);
  }

  /**
   * A repo's chunks, newest first ({@code created_at} descending, then id), at most
   * {@code limit}. One statement; a sequential scan (see the class comment).
   *
   * @param repoId the text of the repo's id, as {@code code_chunks.repo_id} holds it
   * @throws IllegalArgumentException when {@code repoId} is blank or {@code limit} is below 1
   */
  public List<CodeChunk> findByRepo(String repoId, int limit) {
    Args.text(repoId, "repoId");
    Args.limit(limit);
    return em.createQuery(
            "select c from CodeChunk c where c.repoId = :repoId"
                + " order by c.createdAt desc, c.id desc",
            CodeChunk.class)
        .setParameter("repoId", repoId)
        .setMaxResults(limit)
        .getResultList();
  }

  /**
   * A repo's chunks of the files whose {@code file_name} contains {@code fileName}, ignoring case
   * (the Python services' {@code file_name__icontains}, e.g. {@code "readme"} finds
   * {@code README.md}), newest first, at most {@code limit}. {@code %} and {@code _} in
   * {@code fileName} match themselves.
   *
   * @throws IllegalArgumentException when {@code repoId} or {@code fileName} is blank or
   *     {@code limit} is below 1
   */
  public List<CodeChunk> findByRepoAndFileName(String repoId, String fileName, int limit) {
    Args.text(repoId, "repoId");
    Args.text(fileName, "fileName");
    Args.limit(limit);
    return em.createQuery(
            "select c from CodeChunk c where c.repoId = :repoId"
                + " and lower(c.fileName) like lower(:fileName) escape '!'"
                + " order by c.createdAt desc, c.id desc",
            CodeChunk.class)
        .setParameter("repoId", repoId)
        .setParameter("fileName", Queries.containsPattern(fileName))
        .setMaxResults(limit)
        .getResultList();
  }

  /**
   * A repo's chunks, newest first, at most {@code limit}: the repo-to-chunks side of the
   * relationship, one statement.
   *
   * @throws IllegalArgumentException when {@code repo} is null or {@code limit} is below 1
   */
  public List<CodeChunk> chunksOf(Repo repo, int limit) {
    Args.notNull(repo, "repo");
    return findByRepo(repo.getId().toString(), limit);
  }

  /**
   * How many chunks a repo has.
   *
   * @throws IllegalArgumentException when {@code repoId} is blank
   */
  public long countByRepo(String repoId) {
    Args.text(repoId, "repoId");
    return em.createQuery(
            "select count(*) from CodeChunk c where c.repoId = :repoId", Long.class)
        .setParameter("repoId", repoId)
        .getSingleResult();
  }

  /**
   * Deletes all chunks of a repo in one {@code DELETE}; must run in a transaction. Chunks of that
   * repo already loaded in this entity manager stay in it, detached from any row.
   *
   * @return the number of chunks deleted
   * @throws IllegalArgumentException when {@code repoId} is blank
   */
  public int deleteByRepo(String repoId) {
    Args.text(repoId, "repoId");
    return em.createQuery("delete from CodeChunk c where c.repoId = :repoId")
        .setParameter("repoId", repoId)
        .executeUpdate();
  }

  /**
   * Deletes all chunks of {@code repo}; see {@link #deleteByRepo(String)}.
   *
   * @throws IllegalArgumentException when {@code repo} is null
   */
  public int deleteChunksOf(Repo repo) {
    Args.notNull(repo, "repo");
    return deleteByRepo(repo.getId().toString());
  }

  /**
   * Inserts many chunks (typically all chunks of one repo at one commit) with JDBC batching,
   * keeping memory flat however many there are: after every batch the chunks are flushed as one
   * JDBC batch and detached from the persistence context, so neither the entities nor their
   * embeddings pile up. Must run in a transaction; if it throws, roll the transaction back (some
   * batches may already have been sent).
   *
   * <p>Give an {@link Iterable} that makes the chunks as it is iterated (e.g. from a stream of
   * parsed files) and only one batch of chunks is ever in memory.
   *
   * <p>The batch size is the session's JDBC batch size if set, else the factory's
   * {@code hibernate.jdbc.batch_size} if above 1 (the bootstrap helper sets 50; see
   * {@code DatabaseConfig.Builder.batchSize}), else {@value #DEFAULT_BATCH_SIZE}; for the call it
   * is also set as the session's JDBC batch size, so batching happens even where the factory
   * leaves it off (Spring Boot's default). With pgjdbc's {@code reWriteBatchedInserts=true}
   * (set by the bootstrap helper) each batch travels as a few multi-row {@code INSERT}s.
   * Other entities managed by this entity manager stay managed; only the chunks are detached.
   *
   * @return the number of chunks inserted
   * @throws IllegalArgumentException when {@code chunks} is null, or a chunk is null or lacks a
   *     required value (the message gives its position); the chunks before it have been sent
   */
  public long insertAll(Iterable<CodeChunk> chunks) {
    Args.notNull(chunks, "chunks");
    Session session = em.unwrap(Session.class);
    Integer sessionBatchSize = session.getJdbcBatchSize();
    int batchSize = batchSize(sessionBatchSize);
    session.setJdbcBatchSize(batchSize);
    try {
      List<CodeChunk> batch = new ArrayList<>(batchSize);
      long position = 0;
      for (CodeChunk chunk : chunks) {
        requireInsertable(chunk, position++);
        em.persist(chunk);
        batch.add(chunk);
        if (batch.size() == batchSize) {
          flushAndDetach(batch);
        }
      }
      flushAndDetach(batch);
      return position;
    } finally {
      session.setJdbcBatchSize(sessionBatchSize);
    }
  }

  private void flushAndDetach(List<CodeChunk> batch) {
    if (batch.isEmpty()) {
      return;
    }
    em.flush();
    for (CodeChunk chunk : batch) {
      em.detach(chunk);
    }
    batch.clear();
  }

  private int batchSize(Integer sessionBatchSize) {
    if (sessionBatchSize != null && sessionBatchSize > 1) {
      return sessionBatchSize;
    }
    Object configured =
        em.getEntityManagerFactory().getProperties().get("hibernate.jdbc.batch_size");
    if (configured != null) {
      try {
        int value = Integer.parseInt(configured.toString().trim());
        if (value > 1) {
          return value;
        }
      } catch (NumberFormatException ignored) {
        // an unreadable setting: fall back to the default
      }
    }
    return DEFAULT_BATCH_SIZE;
  }

  private static void requireInsertable(CodeChunk chunk, long position) {
    if (chunk == null) {
      throw new IllegalArgumentException("chunks holds null at position " + position);
    }
    String missing = null;
    if (chunk.getUserId() == null || chunk.getUserId().isBlank()) {
      missing = "userId";
    } else if (chunk.getRepoId() == null || chunk.getRepoId().isBlank()) {
      missing = "repoId";
    } else if (chunk.getContent() == null) {
      missing = "content";
    } else if (chunk.getMetadata() == null) {
      missing = "metadata (use an empty map)";
    } else if (chunk.getFileName() == null) {
      missing = "fileName";
    } else if (chunk.getFilePath() == null) {
      missing = "filePath";
    } else if (chunk.getCommitNumber() == null) {
      missing = "commitNumber";
    }
    if (missing != null) {
      throw new IllegalArgumentException(
          "chunk at position " + position + " (id " + chunk.getId() + ") has no " + missing);
    }
  }
}
