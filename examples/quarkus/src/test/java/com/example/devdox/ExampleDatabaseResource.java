package com.example.devdox;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the application under test at a fresh database whose schema the library made before
 * Quarkus starts (so the start-up schema check passes and Hibernate creates nothing).
 */
public class ExampleDatabaseResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    ExampleDatabase database = ExampleDatabase.shared();
    return Map.of(
        "quarkus.datasource.jdbc.url", database.jdbcUrl,
        "quarkus.datasource.username", database.user,
        "quarkus.datasource.password", database.password);
  }

  @Override
  public void stop() {
    // The database is dropped when the test JVM ends.
  }
}
