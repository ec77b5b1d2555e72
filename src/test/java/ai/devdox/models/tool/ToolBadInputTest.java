package ai.devdox.models.tool;

import static ai.devdox.models.tool.DevdoxSchemaToolTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.tool.DevdoxSchemaToolTest.Run;
import ai.devdox.models.testsupport.TestPostgres;
import ai.devdox.models.testsupport.TestPostgres.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input: each case prints one line naming the problem and what to do, exits 2, shows no stack
 * trace (unless --verbose) and never a password.
 */
class ToolBadInputTest {

  private static final String RIGHT_PASSWORD = "right-Pa55word-4d1e";
  private static final String WRONG_PASSWORD = "wr0ng-Secret-9f3b";

  /** A server of our own that checks passwords (the test server may trust everyone). */
  private static EmbeddedPostgres passwordServer;

  @BeforeAll
  static void startAServerThatChecksPasswords() throws Exception {
    Path hba = Files.createTempFile("devdox-hba", ".conf");
    Files.writeString(
        hba,
        "local all all trust\n"
            + "host all postgres 127.0.0.1/32 trust\n"
            + "host all postgres ::1/128 trust\n"
            + "host all all 127.0.0.1/32 scram-sha-256\n"
            + "host all all ::1/128 scram-sha-256\n");
    hba.toFile().deleteOnExit();
    passwordServer = EmbeddedPostgres.builder().setServerConfig("hba_file", hba.toString()).start();
    try (Connection admin = passwordServer.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE devdox_app LOGIN PASSWORD '" + RIGHT_PASSWORD + "'");
    }
  }

  @AfterAll
  static void stopIt() throws Exception {
    passwordServer.close();
  }

  @Test
  void theRightPasswordWorksOnThatServerSoTheWrongOneIsTheOnlyDifference() {
    Run run =
        run("verify", "--url", passwordUrl(), "--user", "devdox_app", "--password",
            RIGHT_PASSWORD);

    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.outLines()).hasSize(7).contains("FAILURE  user: table is missing");
  }

  @Test
  void applyWithoutThePrivilegeToCreateTablesNamesTheStepAndChangesNothing() {
    // PostgreSQL 15 no longer lets every role create tables in public.
    Run run =
        run("apply", "--url", passwordUrl(), "--user", "devdox_app", "--password",
            RIGHT_PASSWORD);

    assertOneErrorLine(
        run,
        "error: apply on " + passwordUrl() + " as user 'devdox_app': could not apply the schema,"
            + " nothing was changed: created table user failed: ERROR: permission denied for"
            + " schema public");
  }

  @Test
  void wrongPassword() {
    Run run =
        run("verify", "--url", passwordUrl(), "--user", "devdox_app", "--password",
            WRONG_PASSWORD);

    assertOneErrorLine(
        run,
        "error: PostgreSQL refused the credentials for " + passwordUrl()
            + " as user 'devdox_app'; check the user and password (--user and --password)");
    assertThat(run.err() + run.out()).doesNotContain(WRONG_PASSWORD);
  }

  @Test
  void wrongPasswordWithVerboseShowsTheStackTraceButStillNotThePassword() {
    Run run =
        run("verify", "--verbose", "--url", passwordUrl(), "--user", "devdox_app",
            "--password=" + WRONG_PASSWORD);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines().findFirst().orElseThrow())
        .startsWith("error: PostgreSQL refused the credentials");
    assertThat(run.err()).contains("\tat org.postgresql.");
    assertThat(run.err() + run.out()).doesNotContain(WRONG_PASSWORD);
  }

  @Test
  void unreachableHost() {
    Run run = run("verify", "--url", "jdbc:postgresql://127.0.0.1:1/postgres", "--user", "app");

    assertOneErrorLine(
        run,
        "error: cannot reach PostgreSQL at jdbc:postgresql://127.0.0.1:1/postgres as user 'app':"
            + " connection refused; check the host and port and that the server is running");
  }

  @Test
  void unknownHost() {
    Run run = run("apply", "--url", "jdbc:postgresql://no-such-host.invalid:5432/app");

    assertOneErrorLine(
        run,
        "error: cannot reach PostgreSQL at jdbc:postgresql://no-such-host.invalid:5432/app:"
            + " unknown host; check the host name");
  }

  @Test
  void missingDatabase() {
    TestDatabase existing = TestPostgres.newDatabase("bad_db");
    String url = existing.jdbcUrl().replace(existing.name(), "devdox_no_such_database");

    Run run = run("verify", "--url", url, "--user", existing.user());

    assertOneErrorLine(
        run,
        "error: database does not exist at " + url + " as user '" + existing.user()
            + "'; create it or fix the database name");
  }

  @Test
  void missingSchema() {
    TestDatabase database = TestPostgres.newDatabase("bad_schema");

    Run run =
        run("verify", "--url", database.jdbcUrl(), "--user", database.user(), "--schema",
            "no_such_schema");

    assertOneErrorLine(
        run,
        "error: schema \"no_such_schema\" does not exist in database \"" + database.name()
            + "\" (" + database.jdbcUrl() + " as user '" + database.user() + "'); check"
            + " --schema, or create it with apply --create-schema");
  }

  @Test
  void urlThatIsNotAPostgresqlJdbcUrl() {
    Run run = run("verify", "--url", "jdbc:mysql://localhost:3306/app");

    assertOneErrorLine(
        run,
        "error: --url: JDBC URL 'jdbc:mysql://localhost:3306/app' is not a PostgreSQL JDBC URL;"
            + " it must start with jdbc:postgresql://");
  }

  @Test
  void libpqUrlWithAPasswordInIt() {
    Run run = run("verify", "--url", "postgres://app:" + WRONG_PASSWORD + "@db.example.com/app");

    assertOneErrorLine(
        run,
        "error: --url 'postgres://***@db.example.com/app' is a libpq URL, not a JDBC URL; write"
            + " it as jdbc:postgresql://host:port/database and give the user and password with"
            + " --user and --password");
  }

  @Test
  void unknownOption() {
    Run run = run("verify", "--frobnicate");

    assertOneErrorLine(run, "error: Unknown option: '--frobnicate'; run verify --help for the options");
  }

  @Test
  void unknownOptionNextToAPasswordDoesNotEchoThePassword() {
    Run run = run("verify", "--password", WRONG_PASSWORD, "--frobnicate", WRONG_PASSWORD);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: ").endsWith("; run verify --help for the options\n");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).doesNotContain(WRONG_PASSWORD);
  }

  @Test
  void unknownCommand() {
    Run run = run("migrate");

    assertOneErrorLine(
        run, "error: Unmatched argument at index 0: 'migrate'; run --help for the options");
  }

  @Test
  void notANumber() {
    Run run = run("verify", "--url", "jdbc:postgresql://localhost/app", "--connect-timeout", "x");

    assertOneErrorLine(
        run,
        "error: Invalid value for option '--connect-timeout': 'x' is not an int; run verify"
            + " --help for the options");
  }

  @Test
  void noDatabaseGiven() {
    Run run = run("verify");

    assertOneErrorLine(
        run,
        "error: verify needs a database: give --url jdbc:postgresql://host:port/database (or set"
            + " DEVDOX_DB_URL)");
  }

  private static void assertOneErrorLine(Run run, String line) {
    assertThat(run.err()).isEqualTo(line + "\n");
    assertThat(run.out()).isEmpty();
    assertThat(run.exit()).isEqualTo(2);
  }

  private static String passwordUrl() {
    return "jdbc:postgresql://localhost:" + passwordServer.getPort() + "/postgres";
  }
}
