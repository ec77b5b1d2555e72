package ai.devdox.models.schema;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.bootstrap.DevdoxFixture;
import ai.devdox.models.entity.DevdoxEntities;
import ai.devdox.models.testsupport.CatalogSnapshot;
import ai.devdox.models.testsupport.TestPostgres;
import java.util.List;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The printed DDL against a fresh database, the library's own schema creation and Hibernate's. */
class SchemaDdlTest {

  private static DataSource fromDdl;
  private static List<String> ddlCatalog;

  @BeforeAll
  static void loadTheDdlIntoAnEmptyDatabase() throws Exception {
    fromDdl = TestPostgres.newDatabase("ddl").dataSource();
    SchemaFixtures.run(fromDdl, SchemaDdl.script(null));
    ddlCatalog = CatalogSnapshot.of(fromDdl, null);
  }

  @Test
  void ddlLoadedIntoAnEmptyDatabaseVerifiesWithoutAnyFinding() throws Exception {
    SchemaReport report = SchemaVerifier.verify(fromDdl, null);

    assertThat(report.findings()).isEmpty();
    assertThat(report.matches()).isTrue();
    assertThat(report.tablesChecked()).isEqualTo(6);
    assertThat(report.schema()).isEqualTo("public");
  }

  @Test
  void ddlDatabaseHasExactlyTheCatalogOfTheDatabaseThePythonServicesMake() throws Exception {
    DataSource python = TestPostgres.newDatabase("ddl_python").dataSource();
    SchemaFixtures.run(python, SchemaFixtures.pythonModelsSql());

    // Column order included: the DDL lists columns as the contract's tables do.
    assertThat(ddlCatalog).isEqualTo(CatalogSnapshot.of(python, null));
  }

  @Test
  void ddlDatabaseHasExactlyTheCatalogOfADatabaseTheLibraryMakes() throws Exception {
    DataSource library = TestPostgres.newDatabase("ddl_library").dataSource();
    DevdoxFixture.createSchema(library, null);

    assertThat(ddlCatalog).isEqualTo(CatalogSnapshot.of(library, null));
  }

  @Test
  void hibernatesOwnSchemaExportOfTheEntitiesAgreesWithTheModel() throws Exception {
    // The model is read from the annotations by the library itself; Hibernate's DDL from the
    // same annotations must give the same tables (Hibernate orders columns by attribute name).
    DataSource hibernate = TestPostgres.newDatabase("ddl_hibernate").dataSource();
    StandardServiceRegistry registry =
        new StandardServiceRegistryBuilder()
            .applySetting("hibernate.connection.datasource", hibernate)
            .applySetting("hibernate.hbm2ddl.auto", "create-only")
            .applySetting("hibernate.type.json_format_mapper", "jackson")
            .build();
    try {
      MetadataSources sources = new MetadataSources(registry);
      DevdoxEntities.ALL.forEach(sources::addAnnotatedClass);
      SessionFactory sessionFactory = sources.buildMetadata().buildSessionFactory();
      sessionFactory.close();
    } finally {
      StandardServiceRegistryBuilder.destroy(registry);
    }
    CustomIndexes.apply(hibernate, null);

    assertThat(SchemaVerifier.verify(hibernate, null).findings()).isEmpty();
    assertThat(CatalogSnapshot.ignoringColumnOrder(hibernate, null))
        .isEqualTo(CatalogSnapshot.ignoringColumnOrder(fromDdl, null));
  }

  @Test
  void ddlForANamedSchemaCreatesItAndPlacesEveryTableAndIndexThere() throws Exception {
    DataSource database = TestPostgres.newDatabase("ddl_schema").dataSource();
    SchemaFixtures.run(database, SchemaDdl.script("tenant_a"));

    assertThat(SchemaVerifier.verify(database, "tenant_a").findings()).isEmpty();
    assertThat(CatalogSnapshot.of(database, "tenant_a"))
        .isEqualTo(
            ddlCatalog.stream().map(line -> line.replace(" public.", " tenant_a.")).toList());
    assertThat(CatalogSnapshot.of(database, null)).isEmpty();
  }

  @Test
  void scriptStartsWithTheUserTableAndEndsWithTheContractsCustomIndexSql() {
    String script = SchemaDdl.script(null);

    assertThat(script).contains("CREATE TABLE \"user\" (\n    \"id\" uuid NOT NULL,\n");
    assertThat(script)
        .contains("    \"membership_level\" varchar(100) NOT NULL DEFAULT 'free',\n")
        .contains("    \"created_at\" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,\n")
        .contains("    CONSTRAINT \"user_pkey\" PRIMARY KEY (\"id\")\n);")
        .contains("CONSTRAINT \"uid_repo_user_id_a03d4e\" UNIQUE (\"user_id\", \"repo_id\")")
        .doesNotContain("FOREIGN KEY")
        .doesNotContain("REFERENCES");
    assertThat(script.indexOf("CREATE TABLE \"user\""))
        .isLessThan(script.indexOf("CREATE TABLE \"api_key\""));
    assertThat(script.indexOf("CREATE TABLE \"git_label\""))
        .isLessThan(script.indexOf("CREATE TABLE \"repo\""));
    assertThat(script.indexOf("CREATE TABLE \"repo\""))
        .isLessThan(script.indexOf("CREATE TABLE \"code_chunks\""));
    assertThat(script).endsWith("\n" + CustomIndexes.QUEUE_ACTIVE_MESSAGE_SQL + ";\n");
  }
}
