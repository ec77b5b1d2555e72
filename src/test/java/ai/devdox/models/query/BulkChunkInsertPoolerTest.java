package ai.devdox.models.query;

import ai.devdox.models.testsupport.Connectivity;
import org.junit.jupiter.api.Tag;

/**
 * {@link BulkChunkInsertContract} through PgBouncer in transaction mode, with the Supabase pooler
 * preset: 5,000 chunks (100 batches in one transaction) instead of 20,000, which would add about
 * 50 s per run for the same statements.
 */
@Tag("pooler")
class BulkChunkInsertPoolerTest extends BulkChunkInsertContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.POOLER;
  }

  @Override
  int chunkCount() {
    return 5_000;
  }
}
