package ai.devdox.models.query;

import ai.devdox.models.testsupport.Connectivity;

/** {@link RepoQueriesContract} straight to PostgreSQL. */
class RepoQueriesDirectTest extends RepoQueriesContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.DIRECT;
  }
}
