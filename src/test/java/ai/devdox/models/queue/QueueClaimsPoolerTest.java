package ai.devdox.models.queue;

import ai.devdox.models.testsupport.Connectivity;
import org.junit.jupiter.api.Tag;

/**
 * {@link QueueClaimsContract} through PgBouncer in transaction mode, with the Supabase pooler
 * preset.
 */
@Tag("pooler")
class QueueClaimsPoolerTest extends QueueClaimsContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.POOLER;
  }
}
