package ai.devdox.models.bootstrap;

import ai.devdox.models.testsupport.Connectivity;
import org.junit.jupiter.api.Tag;

/** {@link BadInputContract}, connectivity POOLER. */
@Tag("pooler")
class BadInputPoolerTest extends BadInputContract {
  @Override
  Connectivity connectivity() {
    return Connectivity.POOLER;
  }
}
