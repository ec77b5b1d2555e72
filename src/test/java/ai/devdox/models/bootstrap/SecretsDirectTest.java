package ai.devdox.models.bootstrap;

import ai.devdox.models.testsupport.Connectivity;
import ai.devdox.models.testsupport.PrivatePostgres;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * {@link SecretsContract} straight to PostgreSQL. The password is planted in the JDBC URL and the
 * configuration (the test server trusts local logins, so any password works); the refused start
 * runs against a private server that requires one.
 */
class SecretsDirectTest extends SecretsContract {

  private final String password = "plantedDbPassword-" + UUID.randomUUID();
  private PrivatePostgres server;

  @Override
  Connectivity connectivity() {
    return Connectivity.DIRECT;
  }

  @Override
  String plantedPassword() {
    return password;
  }

  @Override
  DatabaseConfig.Builder plantedConfig(String password) {
    String url = database.jdbcUrl();
    return database
        .config()
        .jdbcUrl(url + (url.contains("?") ? "&" : "?") + "password=" + password)
        .password(password);
  }

  @Override
  DatabaseConfig.Builder refusedConfig(String password) {
    if (server == null) {
      server = PrivatePostgres.start("secrets", "right-" + UUID.randomUUID());
    }
    return DatabaseConfig.builder().jdbcUrl(server.jdbcUrl()).user(PrivatePostgres.USER)
        .password(password);
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }
}
