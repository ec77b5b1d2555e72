package ai.devdox.models.query;

import ai.devdox.models.testsupport.Connectivity;

/** {@link BulkChunkInsertContract} straight to PostgreSQL. */
class BulkChunkInsertDirectTest extends BulkChunkInsertContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.DIRECT;
  }
}
