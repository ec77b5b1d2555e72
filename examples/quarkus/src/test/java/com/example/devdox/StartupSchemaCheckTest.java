package com.example.devdox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.devdox.models.schema.CustomIndexes;
import ai.devdox.models.schema.SchemaFinding;
import ai.devdox.models.schema.SchemaReport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The start-up check runs the library's schema verifier: it passes on the library's schema (the
 * application under test started), names every difference on databases that differ from the
 * entities, and only logs what a database has beyond them.
 */
@QuarkusTest
@WithTestResource(ExampleDatabaseResource.class)
class StartupSchemaCheckTest {

  private static final String PARTIAL_INDEX =
      "UNIQUE (message_id) WHERE status IN ('pending', 'in_progress')";

  @Inject DevdoxSchemaCheck check;

  @Test
  void theLibrarysSchemaMatchesWithTheServicesOwnTableAsANote() throws Exception {
    SchemaReport report = check.verify();

    assertThat(report.matches()).isTrue();
    assertThat(report.notes())
        .extracting(SchemaFinding::message)
        .containsExactly("example_work_note: extra table, not in the model");
  }

  @Test
  void extrasAreLoggedAndDoNotStopTheService() throws Exception {
    ExampleDatabase database = ExampleDatabase.create("quarkus_extras");
    database.createSchema();
    database.execute("ALTER TABLE repo ADD COLUMN python_only text");
    database.execute("CREATE INDEX repo_python_only_idx ON repo (python_only)");
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record.getLevel() + " " + String.format(record.getMessage(),
                record.getParameters() == null ? new Object[0] : record.getParameters()));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger(DevdoxSchemaCheck.class.getName());
    logger.addHandler(capture);
    try {
      checkOn(database).verify();
    } finally {
      logger.removeHandler(capture);
    }

    assertThat(logged)
        .contains(
            "INFO DevDox schema: repo.python_only: extra column text NULL, not in the model",
            "INFO DevDox schema: repo: extra index repo_python_only_idx (python_only), not in the"
                + " model",
            "INFO DevDox schema: MATCH: 0 failures, 3 notes in schema public of database "
                + database.name + " (6 tables checked)");
  }

  @Test
  void aDatabaseWithoutThePartialIndexIsRefused() {
    ExampleDatabase database = ExampleDatabase.create("quarkus_no_index");
    database.createSchema();
    database.execute("DROP INDEX " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX);

    assertThat(failureOn(database))
        .isEqualTo("the database does not match the DevDox schema: queue_processing_registry:"
            + " index " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX + " is missing, expected "
            + PARTIAL_INDEX + " (DRIFT: 1 failure, 1 note in schema public of database "
            + database.name + " (6 tables checked)). Fix the database before starting the"
            + " service: the schema tool's apply command (or SchemaApplier.apply) creates what is"
            + " missing; other differences need a migration");
  }

  @Test
  void anEmptyDatabaseIsRefusedNamingEveryMissingTable() {
    ExampleDatabase database = ExampleDatabase.create("quarkus_empty");

    assertThat(failureOn(database))
        .startsWith(
            "the database does not match the DevDox schema: user: table is missing;"
                + " api_key: table is missing; git_label: table is missing;"
                + " repo: table is missing; code_chunks: table is missing;"
                + " queue_processing_registry: table is missing (DRIFT: 6 failures, 0 notes");
  }

  @Test
  void aUniqueIndexWithoutItsWhereClauseIsRefused() {
    ExampleDatabase database = ExampleDatabase.create("quarkus_full_index");
    database.createSchema();
    database.execute("DROP INDEX " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX);
    database.execute(
        "CREATE UNIQUE INDEX " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX
            + " ON queue_processing_registry (message_id)");

    assertThat(failureOn(database))
        .startsWith("the database does not match the DevDox schema: queue_processing_registry:"
            + " index " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX
            + " is UNIQUE (message_id) without a WHERE clause, expected " + PARTIAL_INDEX);
  }

  @Test
  void aColumnTooShortForThePythonServicesValuesIsRefused() {
    ExampleDatabase database = ExampleDatabase.create("quarkus_short_column");
    database.createSchema();
    database.execute("ALTER TABLE repo ALTER COLUMN repo_name TYPE varchar(100)");

    assertThat(failureOn(database))
        .startsWith("the database does not match the DevDox schema:"
            + " repo.repo_name: type is varchar(100), expected varchar(255) (DRIFT: 1 failure");
  }

  private static DevdoxSchemaCheck checkOn(ExampleDatabase database) {
    return new DevdoxSchemaCheck(database.dataSource(), Optional.empty());
  }

  private static String failureOn(ExampleDatabase database) {
    Throwable thrown = catchThrowable(() -> checkOn(database).verify());
    assertThat(thrown).isInstanceOf(IllegalStateException.class);
    return thrown.getMessage();
  }
}
