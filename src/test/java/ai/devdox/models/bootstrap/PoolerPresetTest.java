package ai.devdox.models.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.devdox.models.testsupport.TestPgBouncer;
import ai.devdox.models.testsupport.TestPostgres;
import ai.devdox.models.testsupport.TestPostgres.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Tag;

/**
 * What the Supabase pooler preset changes, and that the PgBouncer of the pooler tests really pools
 * per transaction (so that the pooler test classes prove something).
 */
@Tag("pooler")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolerPresetTest {

  private TestDatabase database;

  @BeforeAll
  void createDatabase() {
    database = TestPostgres.newDatabase("pooler_preset");
  }

  @Test
  void consecutiveTransactionsOfOneClientRunOnDifferentServerConnections() throws SQLException {
    try (Connection client = connect("0");
        Connection other = connect("0")) {
      client.setAutoCommit(false);
      other.setAutoCommit(false);
      int first = backendPid(client);
      backendPid(other);
      other.commit();
      client.commit();
      // "other" now takes the server connection "client" used; client's next transaction gets
      // another one: the pooler lends connections per transaction, not per client.
      int otherNow = backendPid(other);
      int second = backendPid(client);
      assertThat(otherNow).isEqualTo(first);
      assertThat(second).isNotEqualTo(first);
      client.rollback();
      other.rollback();
    }
  }

  @Test
  void thePresetSetsNoSessionStateAndPreparesNothing() {
    DatabaseConfig config =
        DatabaseConfig.supabasePooler("aws-0-eu-central-1.pooler.supabase.com", "abcdefgh")
            .password("x")
            .statementTimeout(Duration.ofSeconds(5))
            .build();
    assertThat(config.jdbcUrl())
        .isEqualTo("jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:6543/postgres");
    assertThat(config.user()).isEqualTo("postgres.abcdefgh");
    assertThat(config.sslMode()).isEqualTo(SslMode.REQUIRE);
    assertThat(config.transactionPooler()).isTrue();
    assertThat(config.fetchSize()).isZero();
    Map<String, String> properties = DevdoxDatabase.jdbcProperties(config);
    assertThat(properties)
        .containsEntry("prepareThreshold", "0")
        .containsEntry("assumeMinServerVersion", "12")
        .containsEntry("logServerErrorDetail", "false")
        .doesNotContainKey("options");
    assertThat(HibernateSettings.of(null, null, config))
        .doesNotContainKeys("hibernate.jdbc.fetch_size", "jakarta.persistence.query.timeout");
    // Directly, the timeout is a startup option of each connection.
    DatabaseConfig direct = config.toBuilder().transactionPooler(false).build();
    assertThat(DevdoxDatabase.jdbcProperties(direct))
        .containsEntry("options", "-c statement_timeout=5000")
        .doesNotContainKey("prepareThreshold");
  }

  @Test
  void withoutThePresetANamedPreparedStatementLandsOnTheWrongServerConnection()
      throws SQLException {
    // pgjdbc's default (prepareThreshold=5) names a statement after five runs and then only binds
    // to the name. PgBouncer hands the next transaction to another server connection, where the
    // name does not exist. With the preset's prepareThreshold=0 the same steps succeed.
    assertThatThrownBy(() -> reuseAcrossServerConnections("5"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("prepared statement");
    assertThat(reuseAcrossServerConnections("0")).isEqualTo(7);
  }

  /** Runs one statement 6 times, then again while the server connection it used is taken. */
  private int reuseAcrossServerConnections(String prepareThreshold) throws SQLException {
    try (Connection worker = connect(prepareThreshold);
        Connection other = connect(prepareThreshold)) {
      // Make PgBouncer open both of its server connections.
      worker.setAutoCommit(false);
      other.setAutoCommit(false);
      selectOne(worker);
      selectOne(other);
      worker.commit();
      other.commit();
      worker.setAutoCommit(true);
      int result = 0;
      try (PreparedStatement statement = worker.prepareStatement("select ?::int + 1")) {
        for (int i = 0; i < 6; i++) {
          statement.setInt(1, i);
          try (ResultSet rows = statement.executeQuery()) {
            rows.next();
            result = rows.getInt(1);
          }
        }
        // PgBouncer lends server connections last-in first-out: "other" now takes the one the
        // worker just used, and the worker's next transaction runs on the other one.
        selectOne(other);
        statement.setInt(1, 6);
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          result = rows.getInt(1);
        }
      }
      other.rollback();
      return result;
    }
  }

  private Connection connect(String prepareThreshold) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", TestPgBouncer.CLIENT_USER);
    props.setProperty("password", TestPgBouncer.clientPassword(database));
    props.setProperty("prepareThreshold", prepareThreshold);
    props.setProperty("assumeMinServerVersion", "12");
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + TestPgBouncer.port(database) + "/" + database.name(),
        props);
  }

  private static int backendPid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select pg_backend_pid()")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static void selectOne(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("select 1");
    }
  }
}
