package ai.devdox.models.bootstrap;

import ai.devdox.models.entity.DevdoxEntities;
import ai.devdox.models.schema.SchemaApplier;
import ai.devdox.models.schema.SqlNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Database fixtures for test suites: make the schema once, then empty the six tables between
 * tests.
 *
 * <pre>{@code
 * DevdoxFixture.createSchema(dataSource, null);   // once: tables, indexes, custom indexes
 * DevdoxFixture.reset(dataSource, null);          // before each test: one TRUNCATE
 * }</pre>
 */
public final class DevdoxFixture {

  private DevdoxFixture() {}

  /**
   * Creates whatever is missing of the library's schema in {@code schema} (null: {@code public})
   * of the database behind {@code dataSource}: the schema itself, the tables, their indexes and
   * unique constraints, and the custom indexes, in one transaction ({@link SchemaApplier}). Drops
   * and alters nothing; safe to call again.
   */
  public static void createSchema(DataSource dataSource, String schema) {
    Objects.requireNonNull(dataSource, "dataSource");
    try {
      SchemaApplier.apply(dataSource, schema, true);
    } catch (SQLException e) {
      throw new DevdoxDatabaseException("could not create the schema: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes every row of the six tables in one {@code TRUNCATE}, keeping the tables, indexes and
   * constraints.
   */
  public static void reset(DataSource dataSource, String schema) {
    Objects.requireNonNull(dataSource, "dataSource");
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(truncateSql(schema));
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    } catch (SQLException e) {
      throw new DevdoxDatabaseException(
          "could not empty the tables (was the schema created?): " + e.getMessage(), e);
    }
  }

  /** Empties the six tables of {@code database}'s schema. */
  public static void reset(DevdoxDatabase database) {
    reset(database.dataSource(), database.config().schema());
  }

  /** The {@code TRUNCATE} statement {@link #reset} runs. */
  public static String truncateSql(String schema) {
    String prefix = schema == null ? "" : SqlNames.quote(schema) + ".";
    return DevdoxEntities.TABLES.stream()
        .map(table -> prefix + SqlNames.quote(table))
        .collect(Collectors.joining(", ", "TRUNCATE TABLE ", ""));
  }
}
