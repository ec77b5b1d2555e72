package ai.devdox.models.query;

import ai.devdox.models.testsupport.Connectivity;

/** {@link GitLabelQueriesContract} straight to PostgreSQL. */
class GitLabelQueriesDirectTest extends GitLabelQueriesContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.DIRECT;
  }
}
