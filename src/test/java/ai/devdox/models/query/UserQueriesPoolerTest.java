package ai.devdox.models.query;

import ai.devdox.models.testsupport.Connectivity;
import org.junit.jupiter.api.Tag;

/**
 * {@link UserQueriesContract} through PgBouncer in transaction mode, with the Supabase pooler
 * preset.
 */
@Tag("pooler")
class UserQueriesPoolerTest extends UserQueriesContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.POOLER;
  }
}
