package ai.devdox.models.bootstrap;

import ai.devdox.models.testsupport.Connectivity;

/** {@link TimeoutsContract}, connectivity DIRECT. */
class TimeoutsDirectTest extends TimeoutsContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.DIRECT;
  }
}
