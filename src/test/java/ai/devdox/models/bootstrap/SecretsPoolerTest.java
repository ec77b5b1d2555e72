package ai.devdox.models.bootstrap;

import ai.devdox.models.testsupport.Connectivity;
import ai.devdox.models.testsupport.TestPgBouncer;
import org.junit.jupiter.api.Tag;

/**
 * {@link SecretsContract} through PgBouncer: the planted password is the pooler client's real
 * one, and PgBouncer refuses a wrong one.
 */
@Tag("pooler")
class SecretsPoolerTest extends SecretsContract {

  @Override
  Connectivity connectivity() {
    return Connectivity.POOLER;
  }

  @Override
  String plantedPassword() {
    return TestPgBouncer.clientPassword(database);
  }

  @Override
  DatabaseConfig.Builder plantedConfig(String password) {
    return TestPgBouncer.config(database).password(password);
  }

  @Override
  DatabaseConfig.Builder refusedConfig(String password) {
    return TestPgBouncer.config(database).password(password);
  }
}
