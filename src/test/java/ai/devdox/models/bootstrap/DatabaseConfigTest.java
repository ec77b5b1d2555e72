package ai.devdox.models.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

  @Test
  void hostPortAndDatabaseMakeTheUrl() {
    DatabaseConfig config = DatabaseConfig.postgres("db.internal", 5433, "devdox")
        .user("app").password("s3cret!").build();

    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/devdox");
    assertThat(config.poolMin()).isEqualTo(1);
    assertThat(config.poolMax()).isEqualTo(10);
    assertThat(config.schemaAction()).isEqualTo(SchemaAction.NONE);
    assertThat(DevdoxDatabase.jdbcProperties(config))
        .containsEntry("reWriteBatchedInserts", "true")
        .doesNotContainKey("prepareThreshold");
  }

  @Test
  void supabaseDirectPreset() {
    DatabaseConfig config = DatabaseConfig.supabaseDirect("abcdefghijklmnop").password("pw").build();

    assertThat(config.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.abcdefghijklmnop.supabase.co:5432/postgres");
    assertThat(config.user()).isEqualTo("postgres");
    assertThat(config.sslMode()).isEqualTo(SslMode.REQUIRE);
    assertThat(config.transactionPooler()).isFalse();
    assertThat(DevdoxDatabase.jdbcProperties(config)).containsEntry("sslmode", "require");
  }

  @Test
  void supabasePoolerPresetTurnsOffServerSidePreparedStatements() {
    DatabaseConfig config = DatabaseConfig
        .supabasePooler("aws-0-eu-central-1.pooler.supabase.com", "abcdefghijklmnop")
        .password("pw")
        .statementTimeout(Duration.ofSeconds(5))
        .build();

    assertThat(config.jdbcUrl())
        .isEqualTo("jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:6543/postgres");
    assertThat(config.user()).isEqualTo("postgres.abcdefghijklmnop");
    assertThat(config.fetchSize()).isZero();
    assertThat(DevdoxDatabase.jdbcProperties(config))
        .containsEntry("prepareThreshold", "0")
        .containsEntry("sslmode", "require")
        .doesNotContainKey("options");
    assertThat(HibernateSettings.of(null, null, config))
        .doesNotContainKey("hibernate.jdbc.fetch_size");
  }

  @Test
  void aFetchSizeIsRefusedThroughAPooler() {
    assertThatThrownBy(() -> DatabaseConfig.supabasePooler("pooler.example", "ref").fetchSize(100)
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fetch size 100 cannot be used through a transaction pooler");
  }

  @Test
  void badValuesAreNamedAtBuildTime() {
    assertThatThrownBy(() -> DatabaseConfig.builder().jdbcUrl(" ").build())
        .hasMessage("JDBC URL is empty; give jdbc:postgresql://host:port/database");
    assertThatThrownBy(() -> DatabaseConfig.builder().jdbcUrl("jdbc:mysql://h/db").build())
        .hasMessage("JDBC URL 'jdbc:mysql://h/db' is not a PostgreSQL JDBC URL; it must start"
            + " with jdbc:postgresql://");
    assertThatThrownBy(() -> DatabaseConfig.builder().build())
        .hasMessageStartingWith("no database given");
    assertThatThrownBy(() -> DatabaseConfig.postgres("h", 5432, "").build())
        .hasMessage("database name is empty for host 'h'; set the database to connect to");
    assertThatThrownBy(() -> DatabaseConfig.postgres("h", 70000, "d").build())
        .hasMessage("port 70000 is out of range; use 1 to 65535");
    assertThatThrownBy(() -> DatabaseConfig.postgres("h", 5432, "d").poolMax(-1).build())
        .hasMessage("pool max size is -1; it must be at least 1");
    assertThatThrownBy(() -> DatabaseConfig.postgres("h", 5432, "d").poolMin(-2).build())
        .hasMessage("pool min size is -2; it must be 0 or more");
    assertThatThrownBy(() -> DatabaseConfig.postgres("h", 5432, "d").poolMin(5).poolMax(2).build())
        .hasMessage("pool min size 5 is larger than pool max size 2; lower the min or raise the"
            + " max");
    assertThatThrownBy(() -> DatabaseConfig.postgres("h", 5432, "d").sslMode("sometimes"))
        .hasMessage("unknown SSL mode 'sometimes'; use disable, allow, prefer, require, verify-ca"
            + " or verify-full");
    assertThatThrownBy(() -> DatabaseConfig.postgres("h", 5432, "d").batchSize(0).build())
        .hasMessage("batch size is 0; use 1 or more");
    assertThatThrownBy(() -> DatabaseConfig.postgres("h", 5432, "d")
        .statementTimeout(Duration.ZERO).build())
        .hasMessageStartingWith("statement timeout is PT0S");
    assertThatThrownBy(() -> SchemaAction.parse("drop-everything"))
        .hasMessage("unknown schema action 'drop-everything'; use none, validate or"
            + " create-missing");
  }

  @Test
  void environmentVariables() {
    Map<String, String> env = Map.of(
        "DEVDOX_DB_HOST", "pg.internal",
        "DEVDOX_DB_PORT", "6543",
        "DEVDOX_DB_NAME", "postgres",
        "DEVDOX_DB_USER", "postgres.ref",
        "DEVDOX_DB_PASSWORD", "pw",
        "DEVDOX_DB_SCHEMA", "devdox",
        "DEVDOX_DB_POOL_MIN", "0",
        "DEVDOX_DB_POOL_MAX", "20",
        "DEVDOX_DB_SSLMODE", "verify-full",
        "DEVDOX_DB_SCHEMA_ACTION", "create-missing");
    DatabaseConfig config = DatabaseConfig.fromEnvironment(env::get)
        .transactionPooler(true).build();

    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://pg.internal:6543/postgres");
    assertThat(config.user()).isEqualTo("postgres.ref");
    assertThat(config.password()).isEqualTo("pw");
    assertThat(config.schema()).isEqualTo("devdox");
    assertThat(config.poolMin()).isZero();
    assertThat(config.poolMax()).isEqualTo(20);
    assertThat(config.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(config.schemaAction()).isEqualTo(SchemaAction.CREATE_MISSING);

    DatabaseConfig byUrl = DatabaseConfig.fromEnvironment(Map.of(
        "DEVDOX_DB_URL", "jdbc:postgresql://h:5432/d",
        "DEVDOX_DB_TRANSACTION_POOLER", "true",
        "DEVDOX_DB_STATEMENT_TIMEOUT_MS", "1500")::get).build();
    assertThat(byUrl.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/d");
    assertThat(byUrl.transactionPooler()).isTrue();
    assertThat(byUrl.statementTimeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void badEnvironmentValuesAreNamed() {
    assertThatThrownBy(() -> DatabaseConfig.fromEnvironment(Map.<String, String>of()::get))
        .hasMessageStartingWith("neither DEVDOX_DB_URL nor DEVDOX_DB_HOST is set");
    assertThatThrownBy(() -> DatabaseConfig.fromEnvironment(Map.of(
        "DEVDOX_DB_HOST", "h", "DEVDOX_DB_NAME", "d", "DEVDOX_DB_POOL_MAX", "many")::get))
        .hasMessage("DEVDOX_DB_POOL_MAX is 'many'; give a whole number");
    assertThatThrownBy(() -> DatabaseConfig.fromEnvironment(Map.of(
        "DEVDOX_DB_URL", "jdbc:postgresql://h/d", "DEVDOX_DB_TRANSACTION_POOLER", "yes")::get))
        .hasMessage("DEVDOX_DB_TRANSACTION_POOLER is 'yes'; use true or false");
  }

  @Test
  void toStringNeverShowsThePassword() {
    DatabaseConfig config = DatabaseConfig.builder()
        .jdbcUrl("jdbc:postgresql://h:5432/d?user=app&password=hunter2-in-url")
        .user("app")
        .password("hunter2-field")
        .jdbcProperty("sslpassword", "hunter2-ssl")
        .build();

    assertThat(config.toString())
        .doesNotContain("hunter2")
        .contains("password=<redacted>", "password=***", "sslpassword=***");
    assertThat(config.describeTarget()).doesNotContain("hunter2");
  }
}
