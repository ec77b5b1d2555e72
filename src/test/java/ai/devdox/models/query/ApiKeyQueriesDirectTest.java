package ai.devdox.models.query;

import ai.devdox.models.testsupport.Connectivity;

/** {@link ApiKeyQueriesContract} straight to PostgreSQL. */
class ApiKeyQueriesDirectTest extends ApiKeyQueriesContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.DIRECT;
  }
}
