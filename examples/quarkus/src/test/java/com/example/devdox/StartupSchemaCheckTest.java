package com.example.devdox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.devdox.models.schema.CustomIndexes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The start-up schema check: passes on the library's schema (the application under test started),
 * and names what is missing on databases that lack it.
 */
@QuarkusTest
@WithTestResource(ExampleDatabaseResource.class)
class StartupSchemaCheckTest {

  @Inject DevdoxSchemaCheck check;
  @Inject DataSource dataSource;

  @Test
  void theLibrarysSchemaPasses() throws Exception {
    check.verify();
    try (Connection connection = dataSource.getConnection()) {
      assertThat(DevdoxSchemaCheck.problems(connection)).isEmpty();
    }
  }

  @Test
  void aDatabaseWithoutThePartialIndexIsRefused() {
    ExampleDatabase database = ExampleDatabase.create("quarkus_no_index");
    database.createSchema();
    database.execute("DROP INDEX " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX);

    assertThat(failureOn(database))
        .startsWith("the database does not have the DevDox schema: index "
            + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX + " is missing.");
  }

  @Test
  void anEmptyDatabaseIsRefusedNamingEveryMissingTable() {
    ExampleDatabase database = ExampleDatabase.create("quarkus_empty");

    assertThat(failureOn(database))
        .contains(
            "table user is missing; table api_key is missing; table git_label is missing;"
                + " table repo is missing; table code_chunks is missing;"
                + " table queue_processing_registry is missing; index "
                + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX + " is missing");
  }

  @Test
  void aUniqueIndexWithoutItsWhereClauseIsReported() throws Exception {
    ExampleDatabase database = ExampleDatabase.create("quarkus_full_index");
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

  private static String failureOn(ExampleDatabase database) {
    Throwable thrown = catchThrowable(() -> new DevdoxSchemaCheck(database.dataSource()).verify());
    assertThat(thrown).isInstanceOf(IllegalStateException.class);
    return thrown.getMessage();
  }
}
