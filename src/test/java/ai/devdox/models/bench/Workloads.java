package ai.devdox.models.bench;

import ai.devdox.models.bench.BenchData.ChunkRow;
import java.util.List;

/**
 * One side of the benchmark: the operations W1 to W4 time, done either through the library
 * ({@link LibraryWorkloads}) or with plain JDBC ({@link JdbcWorkloads}). W5 (start-up) runs in a
 * fresh JVM, see {@link StartupProbe}.
 */
interface Workloads {

  /** {@code "lib"} or {@code "jdbc"}. */
  String side();

  /** W1: inserts {@code rows} in one transaction; returns how many were inserted. */
  long insertChunks(List<ChunkRow> rows) throws Exception;

  /** W2: one worker's claim of one delivery of {@code messageId}, by the claim protocol. */
  ClaimOutcome claim(String workerId, String messageId, String queueName) throws Exception;

  /**
   * W3: page {@code page} (from 0) of {@code userId}'s repos, newest first, {@code size} a page,
   * every column read into a Java object.
   */
  List<?> repoPage(String userId, int page, int size) throws Exception;

  /** A hash of the ids of a page {@link #repoPage} read, in order (not timed). */
  long pageHash(List<?> page);

  /** W4: every chunk of {@code repoId}, embeddings included, read into Java objects. */
  List<?> loadChunks(String repoId) throws Exception;

  /** What {@link #loadChunks} read, as a digest both sides compute alike (not timed). */
  Loaded digest(List<?> chunks);

  /** What a claim came to. */
  enum ClaimOutcome {
    /** This worker holds the message now. */
    CLAIMED,
    /** Another worker's insert won: the partial unique index rejected this one. */
    LOST_RACE,
    /** The latest attempt is active or done, so the protocol forbids a new one. */
    NOT_CLAIMABLE
  }

  /**
   * What W4 read: the row count and an order-independent digest of ids, contents, embeddings and
   * metadata, equal on both sides when they read the same values.
   */
  record Loaded(int rows, long digest) {

    static long rowDigest(Object id, String content, int embeddingHash, Object metadata) {
      long h = id.hashCode();
      h = h * 1_000_003L + content.hashCode();
      h = h * 1_000_003L + embeddingHash;
      h = h * 1_000_003L + metadata.hashCode();
      return h;
    }
  }
}
