package ai.devdox.models.queue;

import ai.devdox.models.testsupport.Connectivity;

/** {@link QueueClaimsContract} straight to PostgreSQL. */
class QueueClaimsDirectTest extends QueueClaimsContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.DIRECT;
  }
}
