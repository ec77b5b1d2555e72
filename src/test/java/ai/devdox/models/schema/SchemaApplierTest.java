package ai.devdox.models.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.devdox.models.testsupport.CatalogSnapshot;
import ai.devdox.models.testsupport.TestPostgres;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Creating what is missing: on an empty database, a half-built one, twice, concurrently. */
class SchemaApplierTest {

  @Test
  void onAnEmptyDatabaseItCreatesEverythingInTheDdlsOrder() throws Exception {
    DataSource database = TestPostgres.newDatabase("apply_empty").dataSource();

    SchemaApplier.Result result = SchemaApplier.apply(database, null, false);

    assertThat(result.schema()).isEqualTo("public");
    assertThat(result.steps())
        .extracting(SchemaApplier.Step::description)
        .containsExactly(
            "created table user",
            "created index idx_user_user_id_d610a5 on user (user_id, created_at)",
            "created table api_key",
            "created table git_label",
            "created table repo",
            "created index idx_repo_user_id_05a4f0 on repo (user_id, created_at)",
            "created table code_chunks",
            "created table queue_processing_registry",
            "created index idx_queue_proce_message_10f9ee on queue_processing_registry"
                + " (message_id, queue_name)",
            "created custom index queue_processing_registry_message_id_idx on"
                + " queue_processing_registry UNIQUE (message_id) WHERE status IN ('pending',"
                + " 'in_progress')");
    assertThat(SchemaVerifier.verify(database, null).findings()).isEmpty();
    assertThat(CatalogSnapshot.of(database, null)).isEqualTo(ddlCatalog());
  }

  @Test
  void runningItTwiceChangesNothingTheSecondTime() throws Exception {
    DataSource database = TestPostgres.newDatabase("apply_twice").dataSource();
    SchemaApplier.apply(database, null, false);
    List<String> afterFirst = CatalogSnapshot.of(database, null);

    SchemaApplier.Result second = SchemaApplier.apply(database, null, false);

    assertThat(second.changed()).isFalse();
    assertThat(second.steps()).isEmpty();
    assertThat(CatalogSnapshot.of(database, null)).isEqualTo(afterFirst);
  }

  @Test
  void onAHalfBuiltDatabaseItCreatesOnlyWhatIsMissing() throws Exception {
    DataSource database = TestPostgres.newDatabase("apply_half").dataSource();
    // The Python schema without two tables, a column, a unique constraint, an index and the
    // partial index; one row in repo, which must survive.
    SchemaFixtures.run(database, SchemaFixtures.pythonModelsSql());
    SchemaFixtures.run(
        database,
        "DROP TABLE code_chunks; DROP TABLE api_key;"
            + " ALTER TABLE repo DROP COLUMN repo_system_reference;"
            + " ALTER TABLE repo DROP CONSTRAINT uid_repo_user_id_a03d4e;"
            + " DROP INDEX idx_user_user_id_d610a5;"
            + " DROP INDEX queue_processing_registry_message_id_idx;"
            + " INSERT INTO repo (id, user_id, repo_id, repo_name, html_url, repo_alias_name)"
            + " VALUES ('6f1c2d3e-0000-4000-8000-000000000001', 'u1', 'r1', 'n', 'https://x',"
            + " 'a')");

    SchemaApplier.Result result = SchemaApplier.apply(database, null, false);

    assertThat(result.steps())
        .extracting(SchemaApplier.Step::description)
        .containsExactly(
            "created index idx_user_user_id_d610a5 on user (user_id, created_at)",
            "created table api_key",
            "added column repo.repo_system_reference text NULL",
            "added unique constraint uid_repo_user_id_a03d4e (user_id, repo_id) to repo",
            "created table code_chunks",
            "created custom index queue_processing_registry_message_id_idx on"
                + " queue_processing_registry UNIQUE (message_id) WHERE status IN ('pending',"
                + " 'in_progress')");
    assertThat(SchemaVerifier.verify(database, null).findings()).isEmpty();
    assertThat(count(database, "select count(*) from repo")).isEqualTo(1);
    // Columns added later go to the end of the table; everything else equals the DDL.
    assertThat(CatalogSnapshot.ignoringColumnOrder(database, null))
        .isEqualTo(CatalogSnapshot.ignoringColumnOrder(ddlDatabase(), null));
    assertThat(SchemaApplier.apply(database, null, false).changed()).isFalse();
  }

  @Test
  void itNeverAltersWhatExistsAndLeavesTheDifferenceToTheVerifier() throws Exception {
    DataSource database = TestPostgres.newDatabase("apply_keep").dataSource();
    SchemaFixtures.run(database, SchemaFixtures.pythonModelsSql());
    SchemaFixtures.run(
        database,
        "ALTER TABLE repo ALTER COLUMN repo_name TYPE varchar(100);"
            + " DROP INDEX queue_processing_registry_message_id_idx;"
            + " CREATE UNIQUE INDEX queue_processing_registry_message_id_idx"
            + " ON queue_processing_registry (message_id);"
            + " ALTER TABLE \"user\" ADD COLUMN nickname text");
    List<String> before = CatalogSnapshot.of(database, null);

    SchemaApplier.Result result = SchemaApplier.apply(database, null, false);

    assertThat(result.changed()).isFalse();
    assertThat(CatalogSnapshot.of(database, null)).isEqualTo(before);
    assertThat(SchemaVerifier.verify(database, null).findings())
        .extracting(SchemaFinding::kind)
        .containsExactly(
            SchemaFinding.Kind.COLUMN_EXTRA,
            SchemaFinding.Kind.COLUMN_TYPE,
            SchemaFinding.Kind.INDEX_DIFFERENT);
  }

  @Test
  void aFailingStepRollsBackEveryStepBeforeIt() throws Exception {
    DataSource database = TestPostgres.newDatabase("apply_rollback").dataSource();
    // repo has a row and lacks a NOT NULL column without a default: adding it must fail, and the
    // tables created before that step must not stay behind.
    SchemaFixtures.run(
        database,
        "CREATE TABLE repo (id uuid PRIMARY KEY, user_id varchar(255) NOT NULL);"
            + " INSERT INTO repo VALUES ('6f1c2d3e-0000-4000-8000-000000000002', 'u1')");
    List<String> before = CatalogSnapshot.of(database, null);

    assertThatThrownBy(() -> SchemaApplier.apply(database, null, false))
        .isInstanceOf(SQLException.class)
        .hasMessageStartingWith(
            "could not apply the schema, nothing was changed: added column repo.repo_id"
                + " varchar(255) NOT NULL failed: ERROR: column \"repo_id\" of relation \"repo\""
                + " contains null values")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("23502");
    assertThat(CatalogSnapshot.of(database, null)).isEqualTo(before);
  }

  @Test
  void aMissingSchemaIsAnErrorUnlessAskedToCreateIt() throws Exception {
    DataSource database = TestPostgres.newDatabase("apply_schema").dataSource();

    assertThatThrownBy(() -> SchemaApplier.apply(database, "tenant_b", false))
        .isInstanceOf(SQLException.class)
        .hasMessageStartingWith("schema \"tenant_b\" does not exist in database")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("3F000");

    SchemaApplier.Result result = SchemaApplier.apply(database, "tenant_b", true);

    assertThat(result.steps().get(0).description()).isEqualTo("created schema tenant_b");
    assertThat(result.steps()).hasSize(11);
    assertThat(SchemaVerifier.verify(database, "tenant_b").findings()).isEmpty();
    assertThat(CatalogSnapshot.of(database, "public")).isEmpty();
  }

  @Test
  void planShowsTheStatementsWithoutRunningThem() throws Exception {
    DataSource database = TestPostgres.newDatabase("apply_plan").dataSource();

    List<SchemaApplier.Step> plan;
    try (var connection = database.getConnection()) {
      plan = SchemaApplier.plan(connection, null);
    }

    assertThat(plan).hasSize(10);
    assertThat(plan.get(0).sql()).startsWith("CREATE TABLE \"public\".\"user\" (\n");
    assertThat(plan.get(9).sql())
        .isEqualTo(
            "CREATE UNIQUE INDEX queue_processing_registry_message_id_idx\n"
                + "    ON \"public\".queue_processing_registry (message_id)\n"
                + "    WHERE status IN ('pending', 'in_progress')");
    assertThat(CatalogSnapshot.of(database, null)).isEmpty();
  }

  @Test
  void concurrentRunsAreSerialisedAndTogetherCreateEverythingOnce() throws Exception {
    DataSource database = TestPostgres.newDatabase("apply_concurrent").dataSource();
    CyclicBarrier barrier = new CyclicBarrier(3);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<SchemaApplier.Result>> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Callable<SchemaApplier.Result> run =
            () -> {
              barrier.await(30, TimeUnit.SECONDS);
              return SchemaApplier.apply(database, null, false);
            };
        runs.add(pool.submit(run));
      }
      int changes = 0;
      int unchanged = 0;
      for (Future<SchemaApplier.Result> run : runs) {
        SchemaApplier.Result result = run.get(60, TimeUnit.SECONDS);
        changes += result.steps().size();
        unchanged += result.changed() ? 0 : 1;
      }
      assertThat(changes).isEqualTo(10);
      assertThat(unchanged).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
    assertThat(SchemaVerifier.verify(database, null).findings()).isEmpty();
  }

  private static DataSource ddl;

  private static synchronized DataSource ddlDatabase() throws SQLException {
    if (ddl == null) {
      ddl = TestPostgres.newDatabase("apply_ddl").dataSource();
      SchemaFixtures.run(ddl, SchemaDdl.script(null));
    }
    return ddl;
  }

  private static List<String> ddlCatalog() throws SQLException {
    return CatalogSnapshot.of(ddlDatabase(), null);
  }

  private static long count(DataSource database, String sql) throws SQLException {
    try (var connection = database.getConnection();
        var statement = connection.createStatement();
        var rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
