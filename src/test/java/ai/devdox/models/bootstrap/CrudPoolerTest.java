package ai.devdox.models.bootstrap;

import ai.devdox.models.testsupport.Connectivity;
import org.junit.jupiter.api.Tag;

/** {@link CrudContract} through PgBouncer in transaction mode, with the Supabase pooler preset. */
@Tag("pooler")
class CrudPoolerTest extends CrudContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.POOLER;
  }
}
