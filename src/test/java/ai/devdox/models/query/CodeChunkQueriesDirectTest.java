package ai.devdox.models.query;

import ai.devdox.models.testsupport.Connectivity;

/** {@link CodeChunkQueriesContract} straight to PostgreSQL. */
class CodeChunkQueriesDirectTest extends CodeChunkQueriesContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.DIRECT;
  }
}
