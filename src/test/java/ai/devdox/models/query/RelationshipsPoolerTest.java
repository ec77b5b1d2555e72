package ai.devdox.models.query;

import ai.devdox.models.testsupport.Connectivity;
import org.junit.jupiter.api.Tag;

/**
 * {@link RelationshipsContract} through PgBouncer in transaction mode, with the Supabase pooler
 * preset.
 */
@Tag("pooler")
class RelationshipsPoolerTest extends RelationshipsContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.POOLER;
  }
}
