package com.example.devdox;

import ai.devdox.models.entity.DevdoxEntities;
import ai.devdox.models.schema.CustomIndexes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Refuses to start the service on a database without the library's tables or without the partial
 * unique index that keeps two workers from claiming one queue message. The service does not
 * create the schema ({@code quarkus.hibernate-orm.schema-management.strategy=none}), and
 * Hibernate's own validation ignores indexes, so this check runs at start-up: an exception here
 * stops the application.
 */
@ApplicationScoped
public class DevdoxSchemaCheck {

  private final DataSource dataSource;

  @Inject
  public DevdoxSchemaCheck(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  void onStart(@Observes StartupEvent event) throws SQLException {
    verify();
  }

  /** Throws with every missing piece named when the database lacks the DevDox schema. */
  public void verify() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      List<String> problems = problems(connection);
      if (!problems.isEmpty()) {
        throw new IllegalStateException(
            "the database does not have the DevDox schema: " + String.join("; ", problems)
                + ". Create it with DevdoxFixture.createSchema(...) or CustomIndexes.apply(...)"
                + " before starting the service");
      }
    }
  }

  /** What is missing in the connection's current schema; empty when nothing is. */
  static List<String> problems(Connection connection) throws SQLException {
    List<String> problems = new ArrayList<>();
    Set<String> tables = new HashSet<>();
    try (PreparedStatement statement =
            connection.prepareStatement(
                "select table_name from information_schema.tables"
                    + " where table_schema = current_schema()");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    for (String table : DevdoxEntities.TABLES) {
      if (!tables.contains(table)) {
        problems.add("table " + table + " is missing");
      }
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select indexdef from pg_indexes"
                + " where schemaname = current_schema() and indexname = ?")) {
      statement.setString(1, CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          problems.add("index " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX + " is missing");
        } else {
          String definition = rows.getString(1);
          if (!definition.startsWith("CREATE UNIQUE INDEX") || !definition.contains(" WHERE ")) {
            problems.add(
                "index " + CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX
                    + " is not a partial unique index (found: " + definition + ")");
          }
        }
      }
    }
    return problems;
  }
}
