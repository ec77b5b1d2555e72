package ai.devdox.models.bootstrap;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Malformed configuration fails at build time with a message naming the value and the fix. */
class ConfigValidationTest {

  private static final String SECRET = "plantedSecret";

  private static DatabaseConfig.Builder valid() {
    return DatabaseConfig.builder().jdbcUrl("jdbc:postgresql://h:5432/db").user("u")
        .password(SECRET);
  }

  private static void fails(Supplier<Object> build, String... expected) {
    assertThatThrownBy(build::get)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll(expected)
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage())
            .doesNotContain(SECRET));
  }

  @Test
  void poolSizes() {
    fails(() -> valid().poolMax(-1).build(), "pool max size is -1", "at least 1");
    fails(() -> valid().poolMax(0).build(), "pool max size is 0");
    fails(() -> valid().poolMin(-2).build(), "pool min size is -2", "0 or more");
    fails(() -> valid().poolMin(5).poolMax(2).build(), "pool min size 5 is larger than pool max"
        + " size 2");
    fails(() -> valid().batchSize(0).build(), "batch size is 0");
    fails(() -> valid().fetchSize(-1).build(), "fetch size is -1");
  }

  @Test
  void sslMode() {
    fails(() -> valid().sslMode("requir"), "unknown SSL mode 'requir'", "verify-full");
    fails(() -> DatabaseConfig.fromEnvironment(
            env(Map.of("DEVDOX_DB_URL", "jdbc:postgresql://h/db", "DEVDOX_DB_SSLMODE", "strict"))),
        "unknown SSL mode 'strict'");
  }

  @Test
  void urlsAndHosts() {
    fails(() -> valid().jdbcUrl("").build(), "JDBC URL is empty");
    fails(() -> valid().jdbcUrl("   ").build(), "JDBC URL is empty");
    fails(() -> valid().jdbcUrl("jdbc:mysql://h/db?password=" + SECRET).build(),
        "is not a PostgreSQL JDBC URL", "password=***");
    fails(() -> DatabaseConfig.builder().user("u").build(), "no database given");
    fails(() -> DatabaseConfig.postgres("h", 5432, "").build(), "database name is empty");
    fails(() -> DatabaseConfig.postgres("h", 70000, "db").build(), "port 70000 is out of range");
    fails(() -> DatabaseConfig.supabaseDirect(" "), "projectRef is empty");
    fails(() -> DatabaseConfig.supabasePooler("", "ref"), "poolerHost is empty");
    fails(() -> valid().user(" ").build(), "user is blank");
  }

  @Test
  void durations() {
    fails(() -> valid().connectTimeout(Duration.ZERO).build(), "connect timeout is PT0S");
    fails(() -> valid().connectTimeout(null).build(), "connect timeout is null");
    fails(() -> valid().statementTimeout(Duration.ofMillis(-5)).build(),
        "statement timeout is PT-0.005S");
  }

  @Test
  void sessionStateBehindATransactionPooler() {
    fails(() -> valid().transactionPooler(true).fetchSize(100).build(),
        "fetch size 100 cannot be used through a transaction pooler");
    fails(() -> valid().transactionPooler(true).jdbcProperty("options", "-c search_path=x")
            .build(),
        "options cannot be used through a transaction pooler");
    fails(() -> valid().jdbcUrl("jdbc:postgresql://h/db?options=-c%20x%3D1").transactionPooler(true)
            .build(),
        "options cannot be used through a transaction pooler");
    fails(() -> valid().transactionPooler(true).jdbcProperty("prepareThreshold", "5").build(),
        "prepareThreshold=5 cannot be used through a transaction pooler");
  }

  @Test
  void environmentValues() {
    fails(() -> DatabaseConfig.fromEnvironment(env(Map.of())), "neither DEVDOX_DB_URL nor");
    fails(() -> DatabaseConfig.fromEnvironment(
            env(Map.of("DEVDOX_DB_HOST", "h", "DEVDOX_DB_PORT", "54x2"))),
        "DEVDOX_DB_PORT is '54x2'");
    fails(() -> DatabaseConfig.fromEnvironment(
            env(Map.of("DEVDOX_DB_URL", "jdbc:postgresql://h/db", "DEVDOX_DB_POOL_MAX", "-3")))
            .build(),
        "pool max size is -3");
    fails(() -> DatabaseConfig.fromEnvironment(
            env(Map.of("DEVDOX_DB_URL", "jdbc:postgresql://h/db",
                "DEVDOX_DB_TRANSACTION_POOLER", "yes"))),
        "DEVDOX_DB_TRANSACTION_POOLER is 'yes'");
    fails(() -> DatabaseConfig.fromEnvironment(
            env(Map.of("DEVDOX_DB_URL", "jdbc:postgresql://h/db",
                "DEVDOX_DB_SCHEMA_ACTION", "drop"))),
        "unknown schema action 'drop'");
  }

  private static java.util.function.Function<String, String> env(Map<String, String> values) {
    return values::get;
  }
}
