package ai.devdox.models.query;

import ai.devdox.models.testsupport.Connectivity;
import org.junit.jupiter.api.Tag;

/**
 * {@link CodeChunkQueriesContract} through PgBouncer in transaction mode, with the Supabase pooler
 * preset.
 */
@Tag("pooler")
class CodeChunkQueriesPoolerTest extends CodeChunkQueriesContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.POOLER;
  }
}
