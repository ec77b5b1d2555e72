package ai.devdox.models.bootstrap;

import ai.devdox.models.testsupport.Connectivity;
import org.junit.jupiter.api.Tag;

/** {@link TimeoutsContract}, connectivity POOLER. */
@Tag("pooler")
class TimeoutsPoolerTest extends TimeoutsContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.POOLER;
  }
}
