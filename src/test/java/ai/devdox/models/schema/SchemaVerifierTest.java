package ai.devdox.models.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.devdox.models.schema.SchemaFinding.Kind;
import ai.devdox.models.schema.SchemaFinding.Severity;
import ai.devdox.models.testsupport.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verifier on the schema the Python services make, and on each kind of drift. Every drift is
 * made inside a transaction that is rolled back (DDL is transactional in PostgreSQL), and the
 * verifier reads through the same connection, so the tests share one database.
 */
class SchemaVerifierTest {

  private static final String PARTIAL =
      "UNIQUE (message_id) WHERE status IN ('pending', 'in_progress')";

  private static DataSource python;

  @BeforeAll
  static void makeThePythonSchema() throws Exception {
    python = TestPostgres.newDatabase("verify").dataSource();
    SchemaFixtures.run(python, SchemaFixtures.pythonModelsSql());
  }

  @Test
  void theSchemaThePythonServicesMakeVerifiesClean() throws Exception {
    SchemaReport report = SchemaVerifier.verify(python, null);

    assertThat(report.findings()).isEmpty();
    assertThat(report.lines())
        .containsExactly(
            "MATCH: 0 failures, 0 notes in schema public of database " + report.database()
                + " (6 tables checked)");
  }

  @Test
  void missingColumn() throws Exception {
    assertOnlyFinding(
        "ALTER TABLE repo DROP COLUMN visibility",
        new SchemaFinding(Severity.FAILURE, Kind.COLUMN_MISSING, "repo", "visibility", null,
            "varchar(50) NULL", "absent",
            "repo.visibility: column is missing, expected varchar(50) NULL"));
  }

  @Test
  void varcharOf100WhereTheModelSays255() throws Exception {
    assertOnlyFinding(
        "ALTER TABLE repo ALTER COLUMN repo_name TYPE varchar(100)",
        new SchemaFinding(Severity.FAILURE, Kind.COLUMN_TYPE, "repo", "repo_name", null,
            "varchar(255)", "varchar(100)",
            "repo.repo_name: type is varchar(100), expected varchar(255)"));
  }

  @Test
  void nullableColumnThatShouldBeNotNull() throws Exception {
    assertOnlyFinding(
        "ALTER TABLE \"user\" ALTER COLUMN email DROP NOT NULL",
        new SchemaFinding(Severity.FAILURE, Kind.COLUMN_NULLABILITY, "user", "email", null,
            "NOT NULL", "NULL", "user.email: is nullable, expected NOT NULL"));
  }

  @Test
  void notNullColumnThatShouldBeNullable() throws Exception {
    assertOnlyFinding(
        "ALTER TABLE repo ALTER COLUMN description SET NOT NULL",
        new SchemaFinding(Severity.FAILURE, Kind.COLUMN_NULLABILITY, "repo", "description", null,
            "NULL", "NOT NULL", "repo.description: is NOT NULL, expected nullable"));
  }

  @Test
  void missingDefault() throws Exception {
    assertOnlyFinding(
        "ALTER TABLE \"user\" ALTER COLUMN membership_level DROP DEFAULT",
        new SchemaFinding(Severity.FAILURE, Kind.COLUMN_DEFAULT, "user", "membership_level",
            null, "DEFAULT 'free'", "no default",
            "user.membership_level: has no default, expected DEFAULT 'free'"));
  }

  @Test
  void differentDefault() throws Exception {
    assertOnlyFinding(
        "ALTER TABLE repo ALTER COLUMN default_branch SET DEFAULT 'master'",
        new SchemaFinding(Severity.FAILURE, Kind.COLUMN_DEFAULT, "repo", "default_branch", null,
            "DEFAULT 'main'", "DEFAULT 'master'",
            "repo.default_branch: default is 'master', expected 'main'"));
  }

  @Test
  void nowIsTheSameDefaultAsCurrentTimestamp() throws Exception {
    assertNoFinding("ALTER TABLE repo ALTER COLUMN created_at SET DEFAULT now()");
  }

  @Test
  void missingUniqueConstraint() throws Exception {
    assertOnlyFinding(
        "ALTER TABLE repo DROP CONSTRAINT uid_repo_user_id_a03d4e",
        new SchemaFinding(Severity.FAILURE, Kind.UNIQUE_CONSTRAINT_MISSING, "repo", null,
            "uid_repo_user_id_a03d4e", "UNIQUE (user_id, repo_id)", "absent",
            "repo: unique constraint uid_repo_user_id_a03d4e (user_id, repo_id) is missing"));
  }

  @Test
  void uniqueIndexInPlaceOfTheUniqueConstraint() throws Exception {
    assertOnlyFinding(
        "ALTER TABLE repo DROP CONSTRAINT uid_repo_user_id_a03d4e;"
            + " CREATE UNIQUE INDEX uid_repo_user_id_a03d4e ON repo (user_id, repo_id)",
        new SchemaFinding(Severity.FAILURE, Kind.UNIQUE_CONSTRAINT_MISSING, "repo", null,
            "uid_repo_user_id_a03d4e", "UNIQUE (user_id, repo_id)",
            "index UNIQUE (user_id, repo_id), not a constraint",
            "repo: unique constraint uid_repo_user_id_a03d4e (user_id, repo_id) is missing; an"
                + " index of that name exists (UNIQUE (user_id, repo_id)), but no constraint"));
  }

  @Test
  void uniqueConstraintOnOtherColumns() throws Exception {
    assertOnlyFinding(
        "ALTER TABLE repo DROP CONSTRAINT uid_repo_user_id_a03d4e;"
            + " ALTER TABLE repo ADD CONSTRAINT uid_repo_user_id_a03d4e UNIQUE (repo_id)",
        new SchemaFinding(Severity.FAILURE, Kind.UNIQUE_CONSTRAINT_DIFFERENT, "repo", null,
            "uid_repo_user_id_a03d4e", "UNIQUE (user_id, repo_id)", "UNIQUE (repo_id)",
            "repo: unique constraint uid_repo_user_id_a03d4e is on (repo_id), expected"
                + " (user_id, repo_id)"));
  }

  @Test
  void partialIndexMissing() throws Exception {
    assertOnlyFinding(
        "DROP INDEX queue_processing_registry_message_id_idx",
        new SchemaFinding(Severity.FAILURE, Kind.INDEX_MISSING, "queue_processing_registry",
            null, "queue_processing_registry_message_id_idx", PARTIAL, "absent",
            "queue_processing_registry: index queue_processing_registry_message_id_idx is"
                + " missing, expected " + PARTIAL));
  }

  @Test
  void partialIndexWithoutItsWhereClause() throws Exception {
    assertOnlyFinding(
        "DROP INDEX queue_processing_registry_message_id_idx;"
            + " CREATE UNIQUE INDEX queue_processing_registry_message_id_idx"
            + " ON queue_processing_registry (message_id)",
        new SchemaFinding(Severity.FAILURE, Kind.INDEX_DIFFERENT, "queue_processing_registry",
            null, "queue_processing_registry_message_id_idx", PARTIAL,
            "UNIQUE (message_id) without a WHERE clause",
            "queue_processing_registry: index queue_processing_registry_message_id_idx is"
                + " UNIQUE (message_id) without a WHERE clause, expected " + PARTIAL));
  }

  @Test
  void partialIndexWithAnotherPredicate() throws Exception {
    SchemaReport report =
        verifyAfter(
            "DROP INDEX queue_processing_registry_message_id_idx;"
                + " CREATE UNIQUE INDEX queue_processing_registry_message_id_idx"
                + " ON queue_processing_registry (message_id) WHERE status = 'pending'");

    assertThat(report.findings()).hasSize(1);
    SchemaFinding finding = report.findings().get(0);
    assertThat(finding.kind()).isEqualTo(Kind.INDEX_DIFFERENT);
    assertThat(finding.actual()).isEqualTo("UNIQUE (message_id) WHERE ((status) = 'pending')");
  }

  @Test
  void partialIndexWrittenDifferentlyButEquivalentIsNoFinding() throws Exception {
    // Another spelling of the same predicate, with the status column as text: PostgreSQL prints
    // other casts, the normal forms are equal.
    assertNoFinding(
        "DROP INDEX queue_processing_registry_message_id_idx;"
            + " CREATE UNIQUE INDEX queue_processing_registry_message_id_idx"
            + " ON queue_processing_registry USING btree (\"message_id\")"
            + " WHERE (\"status\")::text = ANY (ARRAY['pending', 'in_progress'])");
  }

  @Test
  void partialIndexThatIsNotUnique() throws Exception {
    SchemaReport report =
        verifyAfter(
            "DROP INDEX queue_processing_registry_message_id_idx;"
                + " CREATE INDEX queue_processing_registry_message_id_idx"
                + " ON queue_processing_registry (message_id)"
                + " WHERE status IN ('pending', 'in_progress')");

    assertThat(report.findings())
        .extracting(SchemaFinding::kind, SchemaFinding::expected)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.INDEX_DIFFERENT, PARTIAL));
  }

  @Test
  void extraColumnIsOnlyANote() throws Exception {
    SchemaReport report =
        assertOnlyFinding(
            "ALTER TABLE \"user\" ADD COLUMN nickname varchar(40)",
            new SchemaFinding(Severity.NOTE, Kind.COLUMN_EXTRA, "user", "nickname", null,
                "absent", "varchar(40) NULL",
                "user.nickname: extra column varchar(40) NULL, not in the model"));

    assertThat(report.matches()).isTrue();
    assertThat(report.lines().get(1)).startsWith("MATCH: 0 failures, 1 note in schema public");
  }

  @Test
  void extraNotNullColumnWithoutDefaultIsAFailureBecauseEntityInsertsWouldFail() throws Exception {
    assertOnlyFinding(
        "ALTER TABLE api_key ADD COLUMN scope text NOT NULL",
        new SchemaFinding(Severity.FAILURE, Kind.COLUMN_EXTRA, "api_key", "scope", null,
            "absent", "text NOT NULL",
            "api_key.scope: extra column text NOT NULL without a default: the entities never"
                + " write it, so their inserts fail; give it a default or make it nullable"));
  }

  @Test
  void extraIndexAndExtraTableAreNotes() throws Exception {
    SchemaReport report =
        verifyAfter(
            "CREATE INDEX idx_repo_alias ON repo (user_id, repo_alias_name);"
                + " CREATE TABLE aerich (id serial PRIMARY KEY, version varchar(255) NOT NULL)");

    assertThat(report.matches()).isTrue();
    assertThat(report.findings())
        .extracting(SchemaFinding::line)
        .containsExactly(
            "NOTE     repo: extra index idx_repo_alias (user_id, repo_alias_name), not in the"
                + " model",
            "NOTE     aerich: extra table, not in the model");
  }

  @Test
  void foreignKeyIsAFailure() throws Exception {
    assertOnlyFinding(
        "ALTER TABLE code_chunks ADD CONSTRAINT fk_chunk_user"
            + " FOREIGN KEY (id) REFERENCES \"user\" (id)",
        new SchemaFinding(Severity.FAILURE, Kind.FOREIGN_KEY, "code_chunks", null,
            "fk_chunk_user", "absent", "FOREIGN KEY (id) REFERENCES \"user\"(id)",
            "code_chunks: foreign key fk_chunk_user FOREIGN KEY (id) REFERENCES \"user\"(id);"
                + " the contract has none (the Python services write and delete in orders it"
                + " would reject): drop it"));
  }

  @Test
  void missingTableIsOneFindingNotOnePerColumn() throws Exception {
    assertOnlyFinding(
        "DROP TABLE api_key",
        new SchemaFinding(Severity.FAILURE, Kind.TABLE_MISSING, "api_key", null, null, "table",
            "absent", "api_key: table is missing"));
  }

  @Test
  void missingPrimaryKey() throws Exception {
    assertOnlyFinding(
        "ALTER TABLE git_label DROP CONSTRAINT git_label_pkey",
        new SchemaFinding(Severity.FAILURE, Kind.PRIMARY_KEY_MISSING, "git_label", null,
            "git_label_pkey", "PRIMARY KEY git_label_pkey (id)", "absent",
            "git_label: primary key git_label_pkey (id) is missing"));
  }

  @Test
  void renamedIndexIsMissingUnderItsNameAndExtraUnderTheOther() throws Exception {
    SchemaReport report =
        verifyAfter("ALTER INDEX idx_repo_user_id_05a4f0 RENAME TO repo_user_created");

    assertThat(report.findings())
        .extracting(SchemaFinding::line)
        .containsExactly(
            "FAILURE  repo: index idx_repo_user_id_05a4f0 is missing, expected (user_id,"
                + " created_at) (the same index exists under the name repo_user_created)",
            "NOTE     repo: extra index repo_user_created (user_id, created_at), not in the"
                + " model");
  }

  @Test
  void summaryCountsFailuresAndNotes() throws Exception {
    SchemaReport report =
        verifyAfter(
            "ALTER TABLE repo DROP COLUMN visibility;"
                + " ALTER TABLE repo ALTER COLUMN repo_name TYPE varchar(100);"
                + " ALTER TABLE \"user\" ADD COLUMN nickname varchar(40)");

    assertThat(report.matches()).isFalse();
    assertThat(report.failures()).hasSize(2);
    assertThat(report.notes()).hasSize(1);
    assertThat(report.summary())
        .isEqualTo("DRIFT: 2 failures, 1 note in schema public of database " + report.database()
            + " (6 tables checked)");
  }

  @Test
  void jsonHasTheSameFindings() throws Exception {
    SchemaReport report = verifyAfter("ALTER TABLE repo ALTER COLUMN repo_name TYPE varchar(100)");

    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertThat(json.get("matches").asBoolean()).isFalse();
    assertThat(json.get("failures").asInt()).isEqualTo(1);
    assertThat(json.get("schema").asText()).isEqualTo("public");
    JsonNode finding = json.get("findings").get(0);
    assertThat(finding.get("severity").asText()).isEqualTo("FAILURE");
    assertThat(finding.get("kind").asText()).isEqualTo("COLUMN_TYPE");
    assertThat(finding.get("table").asText()).isEqualTo("repo");
    assertThat(finding.get("column").asText()).isEqualTo("repo_name");
    assertThat(finding.get("index").isNull()).isTrue();
    assertThat(finding.get("expected").asText()).isEqualTo("varchar(255)");
    assertThat(finding.get("actual").asText()).isEqualTo("varchar(100)");
  }

  @Test
  void missingSchemaFailsWithPostgresqlsOwnSqlState() {
    assertThatThrownBy(() -> SchemaVerifier.verify(python, "no_such_schema"))
        .isInstanceOf(SQLException.class)
        .hasMessageStartingWith("schema \"no_such_schema\" does not exist in database \"devdox_")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("3F000");
  }

  private static SchemaReport assertOnlyFinding(String drift, SchemaFinding expected)
      throws SQLException {
    SchemaReport report = verifyAfter(drift);
    assertThat(report.findings()).containsExactly(expected);
    assertThat(report.matches()).isEqualTo(expected.severity() == Severity.NOTE);
    return report;
  }

  private static void assertNoFinding(String change) throws SQLException {
    assertThat(verifyAfter(change).findings()).isEmpty();
  }

  private static SchemaReport verifyAfter(String drift) throws SQLException {
    try (Connection connection = python.getConnection()) {
      connection.setAutoCommit(false);
      try {
        try (Statement statement = connection.createStatement()) {
          statement.execute(drift);
        }
        return SchemaVerifier.verify(connection, null);
      } finally {
        connection.rollback();
      }
    }
  }
}
