package ai.devdox.models.bootstrap;

import ai.devdox.models.testsupport.Connectivity;

/** {@link BadInputContract}, connectivity DIRECT. */
class BadInputDirectTest extends BadInputContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.DIRECT;
  }
}
