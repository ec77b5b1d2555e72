package ai.devdox.models.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.Repo;
import jakarta.persistence.EntityManager;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 20,000 chunks with 768-number embeddings through {@link CodeChunkQueries#insertAll}: the rows
 * arrive intact, the statements are batched, and the persistence context is empty afterwards.
 * Heap (live, after collections) and time are printed, not asserted.
 */
class BulkChunkInsertTest {

  private static final int CHUNKS = 20_000;
  private static final int DIMENSIONS = 768;
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private static QueryDb db;

  @BeforeAll
  static void start() {
    db = QueryDb.start("bulk_chunks");
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /** The embedding of chunk {@code index}, the same every time it is asked for. */
  private static List<Double> embedding(int index) {
    return Rows.embedding(new Random(index), DIMENSIONS);
  }

  /** Makes chunk i only when the insert asks for it, and samples the heap as it goes. */
  private static Iterable<CodeChunk> generated(Repo repo, AtomicLong peakHeap) {
    return () ->
        new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < CHUNKS;
          }

          @Override
          public CodeChunk next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            if (next % 2_000 == 0) {
              // Live heap (after a collection) while the insert runs: flat if nothing piles up.
              peakHeap.accumulateAndGet(heapAfterGc(), Math::max);
            }
            int i = next++;
            return Rows.chunk(repo, "module_" + (i / 40) + ".py", i, embedding(i));
          }
        };
  }

  private static long heapAfterGc() {
    System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  @Test
  void insertsTwentyThousandChunksInBatchesWithFlatMemory() {
    Repo repo = Rows.repo("bulk_user", "gh-monorepo", 0);
    AtomicLong peakHeap = new AtomicLong();
    long heapBefore = heapAfterGc();
    long started = System.nanoTime();
    QueryDb.Recorded<long[]> insert =
        db.recorded(
            em -> {
              em.persist(repo);
              long written = new CodeChunkQueries(em).insertAll(generated(repo, peakHeap));
              int managed = em.unwrap(Session.class).getStatistics().getEntityCount();
              return new long[] {written, managed};
            });
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    long heapAfter = heapAfterGc();

    long written = insert.result()[0];
    int batchSize = db.devdox.config().batchSize();
    System.out.printf(
        "bulk insert: %,d chunks x %d doubles in %,d ms (%,.0f chunks/s); %d prepared"
            + " statements (batch size %d); live heap %,d MB before, at most %,d MB while"
            + " inserting (after GC, every 2,000 chunks), %,d MB after; entities still"
            + " managed: %d%n",
        written, DIMENSIONS, elapsedMs, written * 1000.0 / Math.max(1, elapsedMs),
        insert.count(), batchSize, heapBefore >> 20, peakHeap.get() >> 20, heapAfter >> 20,
        insert.result()[1]);

    assertThat(written).isEqualTo(CHUNKS);
    assertThat(insert.result()[1]).as("only the repo stays in the persistence context")
        .isEqualTo(1);
    // Batched: one prepared statement per batch (plus the repo's), not one per row.
    assertThat(insert.count()).isLessThanOrEqualTo(CHUNKS / batchSize + 2);

    String repoId = repo.getId().toString();
    assertThat(db.tx((EntityManager em) -> new CodeChunkQueries(em).countByRepo(repoId)))
        .isEqualTo((long) CHUNKS);
    List<CodeChunk> newest = db.tx((EntityManager em) ->
        new CodeChunkQueries(em).findByRepo(repoId, 3));
    assertThat(newest).extracting(CodeChunk::getContent)
        .containsExactly("def f19999():\n    return 19999\n", "def f19998():\n    return 19998\n",
            "def f19997():\n    return 19997\n");
    for (CodeChunk chunk : newest) {
      String content = chunk.getContent();
      int index = Integer.parseInt(content.substring(5, content.indexOf('(')));
      assertThat(chunk.getEmbedding()).as("embedding of chunk %d", index)
          .hasSize(DIMENSIONS).isEqualTo(embedding(index));
      assertThat(chunk.getMetadata()).containsEntry("start_line", index * 10);
    }
    List<CodeChunk> readme =
        db.tx((EntityManager em) -> new CodeChunkQueries(em).findByRepoAndFileName(repoId,
            "module_7.py", 100));
    assertThat(readme).hasSize(40);
  }
}
