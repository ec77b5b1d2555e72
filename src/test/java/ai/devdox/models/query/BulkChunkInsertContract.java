package ai.devdox.models.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.Repo;
import ai.devdox.models.testsupport.Connectivity;
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
import org.junit.jupiter.api.TestInstance;

/**
 * 20,000 chunks ({@link #chunkCount}) with 768-number embeddings through
 * {@link CodeChunkQueries#insertAll}: the rows arrive intact, the statements are batched, and the
 * persistence context is empty afterwards. Heap (live, after collections) and time are printed,
 * not asserted.
 *
 * <p>Written once, run directly ({@link BulkChunkInsertDirectTest}) and through PgBouncer in
 * transaction mode ({@link BulkChunkInsertPoolerTest}, with fewer chunks).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BulkChunkInsertContract {

  private static final int DIMENSIONS = 768;
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private QueryDb db;

  /** Which way the library reaches the database. */
  abstract Connectivity connectivity();

  /** How many chunks the insert writes. */
  int chunkCount() {
    return 20_000;
  }

  @BeforeAll
  void start() {
    db = QueryDb.start("bulk_chunks", connectivity());
  }

  @AfterAll
  void stop() {
    db.close();
  }

  /** The content {@link Rows#chunk} gives chunk {@code index}. */
  private static String content(int index) {
    return "def f" + index + "():\n    return " + index + "\n";
  }

  /** The embedding of chunk {@code index}, the same every time it is asked for. */
  private List<Double> embedding(int index) {
    return Rows.embedding(new Random(index), DIMENSIONS);
  }

  /** Makes chunk i only when the insert asks for it, and samples the heap as it goes. */
  private Iterable<CodeChunk> generated(Repo repo, AtomicLong peakHeap) {
    return () ->
        new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < chunkCount();
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

  private long heapAfterGc() {
    System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  @Test
  void insertsTwentyThousandChunksInBatchesWithFlatMemory() {
    int chunks = chunkCount();
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
        "%s: bulk insert: %,d chunks x %d doubles in %,d ms (%,.0f chunks/s); %d prepared"
            + " statements (batch size %d); live heap %,d MB before, at most %,d MB while"
            + " inserting (after GC, every 2,000 chunks), %,d MB after; entities still"
            + " managed: %d%n",
        connectivity(), written, DIMENSIONS, elapsedMs, written * 1000.0 / Math.max(1, elapsedMs),
        insert.count(), batchSize, heapBefore >> 20, peakHeap.get() >> 20, heapAfter >> 20,
        insert.result()[1]);

    assertThat(written).isEqualTo(chunks);
    assertThat(insert.result()[1]).as("only the repo stays in the persistence context")
        .isEqualTo(1);
    // Batched: one prepared statement per batch (plus the repo's), not one per row.
    assertThat(insert.count()).isLessThanOrEqualTo(chunks / batchSize + 2);

    String repoId = repo.getId().toString();
    assertThat(db.tx((EntityManager em) -> new CodeChunkQueries(em).countByRepo(repoId)))
        .isEqualTo((long) chunks);
    List<CodeChunk> newest = db.tx((EntityManager em) ->
        new CodeChunkQueries(em).findByRepo(repoId, 3));
    assertThat(newest).extracting(CodeChunk::getContent)
        .containsExactly(content(chunks - 1), content(chunks - 2), content(chunks - 3));
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
