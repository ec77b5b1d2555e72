package ai.devdox.models.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.devdox.models.testsupport.SqlScripts;
import ai.devdox.models.testsupport.TestPostgres;
import ai.devdox.models.testsupport.TestPostgres.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bad configuration fails at start with one sentence naming the problem, quickly, and never with
 * the password in it.
 */
class StartFailureTest {

  private static final String PASSWORD = "Tr0ub4dor&3-never-print-me";

  /** A server of our own that checks passwords (the shared test server trusts everyone). */
  private static EmbeddedPostgres secured;

  @BeforeAll
  static void serverThatChecksPasswords() throws Exception {
    secured = EmbeddedPostgres.builder()
        .setDataDirectoryCustomizer(dir -> {
          try {
            Files.writeString(dir.toPath().resolve("pg_hba.conf"), String.join("\n",
                "local all all trust",
                "host all postgres 127.0.0.1/32 trust",
                "host all postgres ::1/128 trust",
                "host all all 127.0.0.1/32 scram-sha-256",
                "host all all ::1/128 scram-sha-256", ""));
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        })
        .start();
    try (Connection admin = secured.getPostgresDatabase().getConnection();
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE ROLE devdox_app LOGIN PASSWORD '" + PASSWORD + "'");
    }
  }

  @AfterAll
  static void stop() throws IOException {
    secured.close();
  }

  private static DatabaseConfig.Builder securedConfig() {
    return DatabaseConfig.postgres("127.0.0.1", secured.getPort(), "postgres").user("devdox_app");
  }

  @Test
  void theRightPasswordConnects() {
    try (DevdoxDatabase db = DevdoxDatabase.start(securedConfig().password(PASSWORD).build())) {
      Object user = db.inTransaction(
          em -> em.createNativeQuery("select current_user").getSingleResult());
      assertThat(user).isEqualTo("devdox_app");
    }
  }

  @Test
  void wrongPassword() {
    DatabaseConfig config = securedConfig().password(PASSWORD + "-wrong").build();

    assertThatThrownBy(() -> DevdoxDatabase.start(config))
        .isInstanceOf(DevdoxDatabaseException.class)
        .hasMessage("PostgreSQL refused the credentials for jdbc:postgresql://127.0.0.1:"
            + secured.getPort() + "/postgres as user 'devdox_app'; check the user and password"
            + " (DEVDOX_DB_USER, DEVDOX_DB_PASSWORD)")
        .satisfies(e -> assertThat(fullText(e)).doesNotContain(PASSWORD));
  }

  @Test
  void missingDatabase() {
    DatabaseConfig config = DatabaseConfig.postgres("127.0.0.1", secured.getPort(), "no_such_db")
        .user("postgres").password(PASSWORD).build();

    assertThatThrownBy(() -> DevdoxDatabase.start(config))
        .isInstanceOf(DevdoxDatabaseException.class)
        .hasMessage("database does not exist at jdbc:postgresql://127.0.0.1:" + secured.getPort()
            + "/no_such_db as user 'postgres'; create it or fix the database name")
        .satisfies(e -> assertThat(fullText(e)).doesNotContain(PASSWORD));
  }

  @Test
  void unreachableHostFailsFast() {
    DatabaseConfig config = DatabaseConfig.builder()
        .jdbcUrl("jdbc:postgresql://127.0.0.1:1/devdox?password="
            + java.net.URLEncoder.encode(PASSWORD, java.nio.charset.StandardCharsets.UTF_8))
        .user("app").password(PASSWORD).connectTimeout(Duration.ofSeconds(2)).build();

    long started = System.nanoTime();
    assertThatThrownBy(() -> DevdoxDatabase.start(config))
        .isInstanceOf(DevdoxDatabaseException.class)
        .hasMessage("cannot reach PostgreSQL at jdbc:postgresql://127.0.0.1:1/devdox?password=***"
            + " as user 'app': connection refused; check the host and port and that the server"
            + " is running")
        .satisfies(e -> assertThat(fullText(e)).doesNotContain(PASSWORD, "never-print-me"));
    System.out.printf("unreachable host reported after %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
  }

  @Test
  void validateOnAnEmptyDatabaseNamesWhatIsMissing() {
    TestDatabase empty = TestPostgres.newDatabase("validate_empty");

    assertThatThrownBy(() -> DevdoxDatabase.start(
        empty.config().schemaAction(SchemaAction.VALIDATE).build()))
        .isInstanceOf(DevdoxDatabaseException.class)
        .hasMessageStartingWith("schema validation failed on jdbc:postgresql://")
        .hasMessageContaining("6 differences from the entities: user: table is missing;"
            + " api_key: table is missing;")
        .hasMessageEndingWith("schema action create-missing creates what is missing");
  }

  @Test
  void validateNamesAMissingCustomIndex() throws Exception {
    TestDatabase noIndex = TestPostgres.newDatabase("validate_noindex");
    SqlScripts.run(noIndex.dataSource(), SqlScripts.PYTHON_MODELS);
    try (Connection connection = noIndex.dataSource().getConnection();
        Statement sql = connection.createStatement()) {
      sql.execute("DROP INDEX queue_processing_registry_message_id_idx");
    }

    assertThatThrownBy(() -> DevdoxDatabase.start(
        noIndex.config().schemaAction(SchemaAction.VALIDATE).build()))
        .isInstanceOf(DevdoxDatabaseException.class)
        .hasMessageEndingWith(": 1 difference from the entities: queue_processing_registry:"
            + " index queue_processing_registry_message_id_idx is missing, expected UNIQUE"
            + " (message_id) WHERE status IN ('pending', 'in_progress'). List them all with"
            + " SchemaVerifier (or the schema tool's verify); schema action create-missing"
            + " creates what is missing");
  }

  @Test
  void closeClosesThePool() {
    TestDatabase database = TestPostgres.newDatabase("close_pool");
    DevdoxDatabase db = DevdoxDatabase.start(database.config().build());
    db.close();

    assertThat(((com.zaxxer.hikari.HikariDataSource) db.dataSource()).isClosed()).isTrue();
    assertThat(db.entityManagerFactory().isOpen()).isFalse();
  }

  private static String fullText(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t).append('\n');
      for (Throwable suppressed : t.getSuppressed()) {
        text.append(suppressed).append('\n');
      }
    }
    return text.toString();
  }
}
