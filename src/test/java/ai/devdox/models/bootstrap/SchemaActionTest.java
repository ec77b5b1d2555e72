package ai.devdox.models.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.devdox.models.schema.SchemaFixtures;
import ai.devdox.models.schema.SchemaVerifier;
import ai.devdox.models.testsupport.TestPostgres;
import ai.devdox.models.testsupport.TestPostgres.TestDatabase;
import org.junit.jupiter.api.Test;

/** DevdoxDatabase's schema actions, carried out by the library's planner and verifier. */
class SchemaActionTest {

  @Test
  void createMissingMakesTheWholeSchemaIncludingANamedSchemaAndTheCustomIndex() throws Exception {
    TestDatabase database = TestPostgres.newDatabase("action_create");

    try (DevdoxDatabase db =
        DevdoxDatabase.start(
            database.config().schema("svc").schemaAction(SchemaAction.CREATE_MISSING).build())) {
      assertThat(SchemaVerifier.verify(db.dataSource(), "svc").findings()).isEmpty();
    }
    // A second start finds everything there.
    try (DevdoxDatabase db =
        DevdoxDatabase.start(
            database.config().schema("svc").schemaAction(SchemaAction.VALIDATE).build())) {
      assertThat(db.config().schemaAction()).isEqualTo(SchemaAction.VALIDATE);
    }
  }

  @Test
  void validateAcceptsTheSchemaThePythonServicesMakeEvenWithAnExtraColumn() throws Exception {
    TestDatabase database = TestPostgres.newDatabase("action_python");
    SchemaFixtures.run(database.dataSource(), SchemaFixtures.pythonModelsSql());
    SchemaFixtures.run(database.dataSource(), "ALTER TABLE repo ADD COLUMN stars_trend jsonb");

    try (DevdoxDatabase db =
        DevdoxDatabase.start(database.config().schemaAction(SchemaAction.VALIDATE).build())) {
      assertThat(SchemaVerifier.verify(db.dataSource(), null).notes()).hasSize(1);
    }
  }

  @Test
  void validateRefusesToStartOnDriftAndNamesEachDifference() throws Exception {
    TestDatabase database = TestPostgres.newDatabase("action_drift");
    SchemaFixtures.run(database.dataSource(), SchemaFixtures.pythonModelsSql());
    SchemaFixtures.run(
        database.dataSource(),
        "DROP INDEX queue_processing_registry_message_id_idx;"
            + " ALTER TABLE repo ALTER COLUMN repo_name TYPE varchar(100)");

    assertThatThrownBy(
            () ->
                DevdoxDatabase.start(
                    database.config().schemaAction(SchemaAction.VALIDATE).build()))
        .isInstanceOf(DevdoxDatabaseException.class)
        .hasMessage(
            "schema validation failed on " + database.jdbcUrl() + " as user '" + database.user()
                + "': 2 differences from the entities: repo.repo_name: type is varchar(100),"
                + " expected varchar(255); queue_processing_registry: index"
                + " queue_processing_registry_message_id_idx is missing, expected UNIQUE"
                + " (message_id) WHERE status IN ('pending', 'in_progress'). List them all with"
                + " SchemaVerifier (or the schema tool's verify); schema action create-missing"
                + " creates what is missing");
  }

  @Test
  void validateOnAMissingSchemaSaysWhichSchema() {
    TestDatabase database = TestPostgres.newDatabase("action_noschema");

    assertThatThrownBy(
            () ->
                DevdoxDatabase.start(
                    database.config().schema("absent").schemaAction(SchemaAction.VALIDATE)
                        .build()))
        .isInstanceOf(DevdoxDatabaseException.class)
        .hasMessage(
            "could not check the schema on " + database.jdbcUrl() + " as user '"
                + database.user() + "': schema \"absent\" does not exist in database \""
                + database.name() + "\"");
  }

  @Test
  void fixtureCreateSchemaIsIdempotent() throws Exception {
    TestDatabase database = TestPostgres.newDatabase("action_fixture");

    DevdoxFixture.createSchema(database.dataSource(), null);
    DevdoxFixture.createSchema(database.dataSource(), null);

    assertThat(SchemaVerifier.verify(database.dataSource(), null).findings()).isEmpty();
  }
}
