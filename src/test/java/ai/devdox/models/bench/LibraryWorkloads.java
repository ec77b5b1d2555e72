package ai.devdox.models.bench;

import ai.devdox.models.bench.BenchData.ChunkRow;
import ai.devdox.models.bootstrap.DatabaseConfig;
import ai.devdox.models.bootstrap.DevdoxDatabase;
import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.Repo;
import ai.devdox.models.query.CodeChunkQueries;
import ai.devdox.models.query.RepoQueries;
import ai.devdox.models.queue.ClaimResult;
import ai.devdox.models.queue.QueueClaims;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The library side of the benchmark: every call the benchmark makes into the library is in this
 * class, so moving a workload onto a newer API of the library changes this class only.
 *
 * <p>W1 is {@link CodeChunkQueries#insertAll} (entities, JDBC batches, flushed and detached per
 * batch), W2 is the claim API ({@link QueueClaims#tryClaim}), W3 is {@link
 * RepoQueries#pageByUser} (a page without a count; {@link #repoPageByJpql} is the same page by
 * plain JPQL, reported beside it), W4 is a JPQL select of entities through the entity manager
 * (the plain JDBC side runs the same SQL shape: a repo's chunks without an order), W5 is {@link
 * DevdoxDatabase#start} and a first JPQL query.
 */
final class LibraryWorkloads implements Workloads {

  static final String PAGE_JPQL =
      "select r from Repo r where r.userId = :userId order by r.createdAt desc";
  static final String CHUNKS_JPQL = "select c from CodeChunk c where c.repoId = :repoId";

  private final DevdoxDatabase database;
  private final EntityManagerFactory factory;
  private final QueueClaims claims;

  LibraryWorkloads(DevdoxDatabase database) {
    this.database = database;
    this.factory = database.entityManagerFactory();
    this.claims = QueueClaims.of(database);
  }

  @Override
  public String side() {
    return "lib";
  }

  @Override
  public long insertChunks(List<ChunkRow> rows) {
    // Entities are made as insertAll walks the rows, so only one batch of them is alive at a time.
    Iterable<CodeChunk> chunks = () -> rows.stream().map(LibraryWorkloads::toEntity).iterator();
    return database.inTransaction(em -> new CodeChunkQueries(em).insertAll(chunks));
  }

  @Override
  public ClaimOutcome claim(String workerId, String messageId, String queueName) {
    ClaimResult result = claims.tryClaim(workerId, messageId, queueName);
    if (result instanceof ClaimResult.NotClaimed refused) {
      return refused.reason() == ClaimResult.Reason.LOST_RACE
          ? ClaimOutcome.LOST_RACE
          : ClaimOutcome.NOT_CLAIMABLE;
    }
    return ClaimOutcome.CLAIMED;
  }

  @Override
  public List<Repo> repoPage(String userId, int page, int size) {
    EntityManager em = factory.createEntityManager();
    try {
      return new RepoQueries(em).pageByUser(userId, page, size);
    } finally {
      em.close();
    }
  }

  /**
   * W3 as a user's own JPQL would read the page: {@code setFirstResult} on an entity query, the
   * plain {@code OFFSET} (reported beside W3, not its result).
   */
  List<Repo> repoPageByJpql(String userId, int page, int size) {
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
}
