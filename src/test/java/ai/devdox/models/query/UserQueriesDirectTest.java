package ai.devdox.models.query;

import ai.devdox.models.testsupport.Connectivity;

/** {@link UserQueriesContract} straight to PostgreSQL. */
class UserQueriesDirectTest extends UserQueriesContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.DIRECT;
  }
}
