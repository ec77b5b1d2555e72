package ai.devdox.models.query;

import ai.devdox.models.testsupport.Connectivity;

/** {@link RelationshipsContract} straight to PostgreSQL. */
class RelationshipsDirectTest extends RelationshipsContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.DIRECT;
  }
}
