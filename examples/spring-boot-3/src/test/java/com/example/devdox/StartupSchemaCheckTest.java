package com.example.devdox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.devdox.models.schema.CustomIndexes;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The service refuses to start on a database that lacks the DevDox schema. */
class StartupSchemaCheckTest {

  @Test
  void theLibrarysSchemaPasses() throws Exception {
    try (Connection connection = ExampleDatabase.shared().dataSource().getConnection()) {
      assertThat(DevdoxSchemaCheck.problems(connection)).isEmpty();
    }
  }

  @Test
  void startUpFailsWithoutThePartialIndex() {
    ExampleDatabase database = ExampleDatabase.create("boot3_no_index");
    database.createSchema();
    database.execute("DROP INDEX " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX);

    assertThat(startFailure(database))
        .contains("the database does not have the DevDox schema: index "
            + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX + " is missing");
  }

  @Test
  void startUpFailsOnAnEmptyDatabaseNamingEveryMissingTable() {
    ExampleDatabase database = ExampleDatabase.create("boot3_empty");

    assertThat(startFailure(database))
        .contains(
            "table user is missing; table api_key is missing; table git_label is missing;"
                + " table repo is missing; table code_chunks is missing;"
                + " table queue_processing_registry is missing; index "
                + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX + " is missing");
  }

  @Test
  void aUniqueIndexWithoutItsWhereClauseIsReported() throws Exception {
    ExampleDatabase database = ExampleDatabase.create("boot3_full_index");
    database.createSchema();
    database.execute("DROP INDEX " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX);
    database.execute(
        "CREATE UNIQUE INDEX " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX
            + " ON queue_processing_registry (message_id)");
    try (Connection connection = database.dataSource().getConnection()) {
      assertThat(DevdoxSchemaCheck.problems(connection))
          .singleElement()
          .asString()
          .startsWith("index " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX
              + " is not a partial unique index");
    }
  }

  private static String startFailure(ExampleDatabase database) {
    Throwable thrown =
        catchThrowable(
            () -> {
              try (ConfigurableApplicationContext context =
                  new SpringApplicationBuilder(DevdoxServiceApplication.class)
                      .web(WebApplicationType.NONE)
                      .run(
                          // Arguments, not default properties: these must win over
                          // application.properties.
                          "--spring.datasource.url=" + database.jdbcUrl,
                          "--spring.datasource.username=" + database.user,
                          "--spring.datasource.password=" + database.password)) {
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
