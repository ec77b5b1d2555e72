package com.example.devdox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.devdox.models.schema.CustomIndexes;
import ai.devdox.models.schema.SchemaFinding;
import ai.devdox.models.schema.SchemaReport;
import ai.devdox.models.schema.SchemaVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The start-up check runs the library's schema verifier: the service refuses to start on a
 * database that differs from the entities, naming every difference, and starts (logging notes) on
 * one that only has more than they need.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupSchemaCheckTest {

  private static final String PARTIAL_INDEX =
      "UNIQUE (message_id) WHERE status IN ('pending', 'in_progress')";

  @Test
  void theLibrarysSchemaMatchesWithTheServicesOwnTableAsANote() throws Exception {
    SchemaReport report = SchemaVerifier.verify(ExampleDatabase.shared().dataSource(), null);

    assertThat(report.matches()).isTrue();
    assertThat(report.notes())
        .extracting(SchemaFinding::message)
        .containsExactly("example_work_note: extra table, not in the model");
  }

  @Test
  void extrasAreLoggedAndTheServiceStarts(CapturedOutput output) {
    ExampleDatabase database = ExampleDatabase.create("boot4_extras");
    database.createSchema();
    database.execute("ALTER TABLE repo ADD COLUMN python_only text");
    database.execute("CREATE INDEX repo_python_only_idx ON repo (python_only)");

    try (ConfigurableApplicationContext context = start(database)) {
      assertThat(context.isRunning()).isTrue();
    }
    assertThat(output.getOut())
        .contains("DevDox schema: repo.python_only: extra column text NULL, not in the model")
        .contains("DevDox schema: repo: extra index repo_python_only_idx (python_only),"
            + " not in the model")
        .contains("DevDox schema: MATCH: 0 failures, 3 notes in schema public of database "
            + database.name + " (6 tables checked)");
  }

  @Test
  void startUpFailsWithoutThePartialIndex() {
    ExampleDatabase database = ExampleDatabase.create("boot4_no_index");
    database.createSchema();
    database.execute("DROP INDEX " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX);

    assertThat(startFailure(database))
        .contains("the database does not match the DevDox schema: queue_processing_registry:"
            + " index " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX + " is missing, expected "
            + PARTIAL_INDEX + " (DRIFT: 1 failure, 1 note in schema public of database "
            + database.name + " (6 tables checked)). Fix the database before starting the"
            + " service");
  }

  @Test
  void startUpFailsOnAnEmptyDatabaseNamingEveryMissingTable() {
    ExampleDatabase database = ExampleDatabase.create("boot4_empty");

    assertThat(startFailure(database))
        .contains(
            "the database does not match the DevDox schema: user: table is missing;"
                + " api_key: table is missing; git_label: table is missing;"
                + " repo: table is missing; code_chunks: table is missing;"
                + " queue_processing_registry: table is missing (DRIFT: 6 failures, 0 notes");
  }

  @Test
  void startUpFailsOnAUniqueIndexWithoutItsWhereClause() {
    ExampleDatabase database = ExampleDatabase.create("boot4_full_index");
    database.createSchema();
    database.execute("DROP INDEX " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX);
    database.execute(
        "CREATE UNIQUE INDEX " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX
            + " ON queue_processing_registry (message_id)");

    assertThat(startFailure(database))
        .contains("queue_processing_registry: index " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX
            + " is UNIQUE (message_id) without a WHERE clause, expected " + PARTIAL_INDEX);
  }

  @Test
  void startUpFailsOnAColumnTooShortForThePythonServicesValues() {
    ExampleDatabase database = ExampleDatabase.create("boot4_short_column");
    database.createSchema();
    database.execute("ALTER TABLE repo ALTER COLUMN repo_name TYPE varchar(100)");

    assertThat(startFailure(database))
        .contains("the database does not match the DevDox schema:"
            + " repo.repo_name: type is varchar(100), expected varchar(255) (DRIFT: 1 failure");
  }

  private static ConfigurableApplicationContext start(ExampleDatabase database) {
    return new SpringApplicationBuilder(DevdoxServiceApplication.class)
        .web(WebApplicationType.NONE)
        .run(
            // Arguments, not default properties: these must win over application.properties.
            "--spring.datasource.url=" + database.jdbcUrl,
            "--spring.datasource.username=" + database.user,
            "--spring.datasource.password=" + database.password);
  }

  private static String startFailure(ExampleDatabase database) {
    Throwable thrown =
        catchThrowable(
            () -> {
              try (ConfigurableApplicationContext context = start(database)) {
                throw new AssertionError("the service started on " + database.name);
              }
            });
    assertThat(thrown).isNotNull().isNotInstanceOf(AssertionError.class);
    StringBuilder messages = new StringBuilder();
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }
}
