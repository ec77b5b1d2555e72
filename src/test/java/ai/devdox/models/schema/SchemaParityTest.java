package ai.devdox.models.schema;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.bootstrap.DevdoxFixture;
import ai.devdox.models.testsupport.CatalogSnapshot;
import ai.devdox.models.testsupport.SqlScripts;
import ai.devdox.models.testsupport.TestPostgres;
import ai.devdox.models.testsupport.TestPostgres.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first promise: a schema the library creates is the schema the Python models create, compared
 * through {@code pg_catalog} (tables, columns and their order, types and lengths, nullability,
 * defaults, primary keys, unique constraints, indexes with their predicates).
 */
class SchemaParityTest {

  private static TestDatabase python;
  private static CatalogSnapshot pythonSnapshot;

  @BeforeAll
  static void pythonMadeDatabase() throws Exception {
    python = TestPostgres.newDatabase("parity_python");
    SqlScripts.run(python.dataSource(), SqlScripts.PYTHON_MODELS);
    pythonSnapshot = CatalogSnapshot.read(python.dataSource(), "public");
  }

  @Test
  void theReferenceSchemaHasEverythingTheContractLists() {
    // Guards the comparison itself: an empty or partial reference would make parity meaningless.
    assertThat(pythonSnapshot.lines()).filteredOn(line -> line.startsWith("table ")).hasSize(6);
    assertThat(pythonSnapshot.lines()).filteredOn(line -> line.startsWith("column ")).hasSize(80);
    assertThat(pythonSnapshot.lines())
        .contains(
            "column user.username type=character varying(255) notnull=true"
                + " default=''::character varying",
            "column repo.language type=jsonb notnull=false default=null",
            "column queue_processing_registry.status type=character varying(30) notnull=true"
                + " default=null",
            "constraint repo uid_repo_user_id_a03d4e type=u UNIQUE (user_id, repo_id)",
            "constraint user user_pkey type=p PRIMARY KEY (id)");
    assertThat(pythonSnapshot.lines())
        .anyMatch(line -> line.startsWith("index queue_processing_registry "
            + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX + " unique=true")
            && line.contains("WHERE"));
  }

  @Test
  void libraryCreatedSchemaEqualsPythonCreatedSchema() throws Exception {
    TestDatabase library = TestPostgres.newDatabase("parity_library");
    DevdoxFixture.createSchema(library.dataSource(), null);

    CatalogSnapshot librarySnapshot = CatalogSnapshot.read(library.dataSource(), "public");

    assertThat(librarySnapshot.differences(pythonSnapshot, "library", "python")).isEmpty();
  }

  @Test
  void libraryCreatedSchemaInANamedSchemaEqualsPythonCreatedSchema() throws Exception {
    TestDatabase library = TestPostgres.newDatabase("parity_named");
    DevdoxFixture.createSchema(library.dataSource(), "devdox");

    CatalogSnapshot librarySnapshot = CatalogSnapshot.read(library.dataSource(), "devdox");

    assertThat(librarySnapshot.differences(pythonSnapshot, "library", "python")).isEmpty();
  }

  @Test
  void creatingOverAPythonMadeSchemaChangesNothing() throws Exception {
    TestDatabase both = TestPostgres.newDatabase("parity_over");
    SqlScripts.run(both.dataSource(), SqlScripts.PYTHON_MODELS);

    DevdoxFixture.createSchema(both.dataSource(), null);

    assertThat(CatalogSnapshot.read(both.dataSource(), "public").differences(
        pythonSnapshot, "after create-missing", "python")).isEmpty();
  }

  @Test
  void creatingOverAHalfBuiltSchemaAddsOnlyWhatIsMissing() throws Exception {
    TestDatabase half = TestPostgres.newDatabase("parity_half");
    SqlScripts.run(half.dataSource(), SqlScripts.PYTHON_MODELS);
    try (Connection connection = half.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE code_chunks");
      statement.execute("DROP INDEX " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX);
      statement.execute("DROP INDEX idx_repo_user_id_05a4f0");
      statement.execute("ALTER TABLE git_label DROP CONSTRAINT uid_git_label_user_id_848e44");
      statement.execute("INSERT INTO repo (id, user_id, repo_id, repo_name, html_url,"
          + " repo_alias_name) VALUES (gen_random_uuid(), 'u', 'r', 'n', 'h', 'a')");
    }

    DevdoxFixture.createSchema(half.dataSource(), null);

    assertThat(CatalogSnapshot.read(half.dataSource(), "public").differences(
        pythonSnapshot, "rebuilt", "python")).isEmpty();
    try (Connection connection = half.dataSource().getConnection();
        Statement statement = connection.createStatement();
        var rows = statement.executeQuery("select count(*) from repo")) {
      rows.next();
      assertThat(rows.getInt(1)).as("rows already stored survive").isEqualTo(1);
    }
  }
}
