package ai.devdox.models.bootstrap;

import ai.devdox.models.testsupport.Connectivity;

/** {@link CrudContract} straight to PostgreSQL. */
class CrudDirectTest extends CrudContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.DIRECT;
  }
}
