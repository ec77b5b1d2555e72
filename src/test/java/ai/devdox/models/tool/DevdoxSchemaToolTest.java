package ai.devdox.models.tool;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.testsupport.CatalogSnapshot;
import ai.devdox.models.schema.SchemaDdl;
import ai.devdox.models.schema.SchemaFixtures;
import ai.devdox.models.testsupport.TestPostgres;
import ai.devdox.models.testsupport.TestPostgres.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line: each command's output and exit code, on real databases. */
class DevdoxSchemaToolTest {

  /** What one run printed and returned. */
  record Run(int exit, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        DevdoxSchemaTool.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** {@code command --url ... --user ... [--password ...]} for {@code database}, then extras. */
  static String[] on(TestDatabase database, String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "--url", database.jdbcUrl()));
    if (database.user() != null) {
      args.add("--user");
      args.add(database.user());
    }
    if (database.password() != null && !database.password().isEmpty()) {
      args.add("--password=" + database.password());
    }
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void ddlPrintsTheWholeScript() {
    Run run = run("ddl");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo(SchemaDdl.script(null));
    assertThat(run.err()).isEmpty();
    assertThat(run("ddl", "--schema", "tenant").out()).isEqualTo(SchemaDdl.script("tenant"));
  }

  @Test
  void verifyOnThePythonSchemaMatchesAndExitsZero() throws Exception {
    TestDatabase database = TestPostgres.newDatabase("tool_verify");
    SchemaFixtures.run(database.dataSource(), SchemaFixtures.pythonModelsSql());

    Run run = run(on(database, "verify"));

    assertThat(run.exit()).isZero();
    assertThat(run.outLines())
        .containsExactly(
            "MATCH: 0 failures, 0 notes in schema public of database " + database.name()
                + " (6 tables checked)");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void verifyOnADriftedDatabasePrintsOneLinePerFindingAndExitsOne() throws Exception {
    TestDatabase database = drifted("tool_drift");

    Run run = run(on(database, "verify"));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.outLines())
        .containsExactly(
            "NOTE     user.nickname: extra column varchar(40) NULL, not in the model",
            "FAILURE  repo.repo_name: type is varchar(100), expected varchar(255)",
            "FAILURE  repo.created_at: has no default, expected DEFAULT CURRENT_TIMESTAMP",
            "FAILURE  repo: unique constraint uid_repo_user_id_a03d4e (user_id, repo_id) is"
                + " missing",
            "FAILURE  queue_processing_registry: index queue_processing_registry_message_id_idx"
                + " is UNIQUE (message_id) without a WHERE clause, expected UNIQUE (message_id)"
                + " WHERE status IN ('pending', 'in_progress')",
            "DRIFT: 4 failures, 1 note in schema public of database " + database.name()
                + " (6 tables checked)");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void verifyJsonPrintsTheSameFindings() throws Exception {
    TestDatabase database = drifted("tool_json");

    Run run = run(on(database, "verify", "--json"));

    assertThat(run.exit()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("matches").asBoolean()).isFalse();
    assertThat(json.get("failures").asInt()).isEqualTo(4);
    assertThat(json.get("notes").asInt()).isEqualTo(1);
    assertThat(json.get("database").asText()).isEqualTo(database.name());
    assertThat(json.get("findings")).hasSize(5);
    JsonNode partial = json.get("findings").get(4);
    assertThat(partial.get("severity").asText()).isEqualTo("FAILURE");
    assertThat(partial.get("kind").asText()).isEqualTo("INDEX_DIFFERENT");
    assertThat(partial.get("table").asText()).isEqualTo("queue_processing_registry");
    assertThat(partial.get("index").asText()).isEqualTo("queue_processing_registry_message_id_idx");
    assertThat(partial.get("actual").asText())
        .isEqualTo("UNIQUE (message_id) without a WHERE clause");
  }

  @Test
  void applyCreatesEverythingThenFindsNothingToDo() throws Exception {
    TestDatabase database = TestPostgres.newDatabase("tool_apply");

    Run first = run(on(database, "apply"));
    Run second = run(on(database, "apply"));

    assertThat(first.exit()).isZero();
    assertThat(first.outLines())
        .hasSize(11)
        .startsWith(
            "created table user",
            "created index idx_user_user_id_d610a5 on user (user_id, created_at)")
        .endsWith(
            "applied 10 changes to schema public in one transaction; existing objects were left"
                + " as they are (verify compares them)");
    assertThat(second.exit()).isZero();
    assertThat(second.outLines())
        .containsExactly(
            "nothing to do: schema public has every table, column, key, constraint and index of"
                + " the model (verify compares their definitions)");
    assertThat(run(on(database, "verify")).exit()).isZero();
  }

  @Test
  void applyDryRunPrintsTheSqlAndChangesNothing() throws Exception {
    TestDatabase database = TestPostgres.newDatabase("tool_dry");

    Run run = run(on(database, "apply", "--dry-run"));

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .startsWith("would have created table user:\n    CREATE TABLE \"public\".\"user\" (\n")
        .endsWith("10 changes would be made; nothing was changed (dry run)\n");
    assertThat(CatalogSnapshot.of(database.dataSource(), null)).isEmpty();
  }

  @Test
  void applyNeedsCreateSchemaForAMissingSchema() {
    TestDatabase database = TestPostgres.newDatabase("tool_apply_schema");

    Run refused = run(on(database, "apply", "--schema", "tenant_x"));
    Run created = run(on(database, "apply", "--schema", "tenant_x", "--create-schema"));

    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err())
        .isEqualTo(
            "error: schema \"tenant_x\" does not exist in database \"" + database.name() + "\" ("
                + database.jdbcUrl() + " as user '" + database.user() + "'); check --schema, or"
                + " create it with apply --create-schema\n");
    assertThat(created.exit()).isZero();
    assertThat(created.outLines()).startsWith("created schema tenant_x", "created table user");
    assertThat(run(on(database, "verify", "--schema", "tenant_x")).exit()).isZero();
  }

  @Test
  void demoRunsToCompletionOnTheTestDatabaseAndLeavesNoRowsBehind() throws Exception {
    TestDatabase database = TestPostgres.newDatabase("tool_demo");

    Run run = run(on(database, "demo"));

    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("created 6 tables, 3 indexes, 1 custom index in one transaction")
        .contains("second run: nothing to do")
        .contains("schema validated at start-up")
        .contains("3 chunks with 768-number embeddings intact")
        .containsPattern("worker-[12] claimed it")
        .containsPattern("worker-[12] not claimed: (ACTIVE|LOST_RACE) \\(another worker holds"
            + " the message; a normal outcome, not an error\\)")
        .contains("active attempts for the message: 1 (exactly one winner)")
        .contains("MATCH: 0 failures, 0 notes in schema public of database " + database.name())
        .contains("deleted the demo's 8 rows from the given database");
    assertThat(run.outLines().get(run.outLines().size() - 1)).startsWith("Demo OK, ");
    System.out.println(run.out());
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select (select count(*) from \"user\") + (select count(*) from api_key)"
                    + " + (select count(*) from git_label) + (select count(*) from repo)"
                    + " + (select count(*) from code_chunks)"
                    + " + (select count(*) from queue_processing_registry)")) {
      rows.next();
      assertThat(rows.getLong(1)).isZero();
    }
  }

  @Test
  void withoutArgumentsTheDemoRunsOnAnEmbeddedPostgresql() {
    Run run = run();

    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.outLines().get(0)).isEqualTo("DevDox schema tool demo");
    assertThat(run.outLines().get(1)).matches("  database  embedded PostgreSQL 15\\.\\d+ on port \\d+, started in .*");
    assertThat(run.out())
        .contains("active attempts for the message: 1 (exactly one winner)")
        .contains("MATCH: 0 failures, 0 notes in schema public of database postgres")
        .contains("  stopped   embedded PostgreSQL");
    assertThat(run.outLines().get(run.outLines().size() - 1)).startsWith("Demo OK, ");
    System.out.println(run.out());
  }

  /** The Python schema with one extra column and four differences. */
  private static TestDatabase drifted(String purpose) throws Exception {
    TestDatabase database = TestPostgres.newDatabase(purpose);
    SchemaFixtures.run(database.dataSource(), SchemaFixtures.pythonModelsSql());
    SchemaFixtures.run(
        database.dataSource(),
        "ALTER TABLE \"user\" ADD COLUMN nickname varchar(40);"
            + " ALTER TABLE repo ALTER COLUMN repo_name TYPE varchar(100);"
            + " ALTER TABLE repo ALTER COLUMN created_at DROP DEFAULT;"
            + " ALTER TABLE repo DROP CONSTRAINT uid_repo_user_id_a03d4e;"
            + " DROP INDEX queue_processing_registry_message_id_idx;"
            + " CREATE UNIQUE INDEX queue_processing_registry_message_id_idx"
            + " ON queue_processing_registry (message_id)");
    return database;
  }
}
