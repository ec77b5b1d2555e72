package ai.devdox.models.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Creates what is missing of the schema the entities expect: the schema itself (when asked),
 * tables, columns, primary keys, unique constraints, indexes and the custom indexes, in one
 * transaction. It never drops or alters anything that exists: an object that is there but
 * different is left alone for {@link SchemaVerifier} to report. Running it again changes nothing.
 *
 * <pre>{@code
 * SchemaApplier.Result result = SchemaApplier.apply(dataSource, null, false);
 * result.steps().forEach(step -> log.info(step.description()));
 * }</pre>
 *
 * <p>Concurrent runs (several services starting at once) are serialised by a transaction-level
 * advisory lock, so each plans against what the previous one committed. Creating an index on a
 * large, busy table blocks writes to it while the index builds; for such a table create the index
 * by hand with {@code CREATE INDEX CONCURRENTLY} first, and this will find it there.
 */
public final class SchemaApplier {

  /** Key of the advisory lock that serialises concurrent runs ("devdox" in ASCII). */
  static final long LOCK_KEY = 0x646576646f78L;

  private SchemaApplier() {}

  /**
   * One change: what it does in words ({@code created table repo}) and its SQL.
   *
   * @param description the change in words, for people
   * @param sql the statement, without a trailing semicolon
   */
  public record Step(String description, String sql) {}

  /**
   * What a run did.
   *
   * @param schema the schema it worked on
   * @param steps the changes made, in order; empty when everything was already there
   */
  public record Result(String schema, List<Step> steps) {

    /** Copies the list. */
    public Result {
      steps = List.copyOf(steps);
    }

    /** Whether anything was created. */
    public boolean changed() {
      return !steps.isEmpty();
    }
  }

  /**
   * Creates what is missing in {@code schema} (null: the current schema) of the database behind
   * {@code dataSource}, in one transaction.
   *
   * @param createSchema whether to create {@code schema} itself when it does not exist; when false
   *     a missing schema fails with SQLState {@code 3F000}
   * @throws SQLException when the database cannot be read or a statement fails; then nothing was
   *     changed, and the message names the step that failed
   */
  public static Result apply(DataSource dataSource, String schema, boolean createSchema)
      throws SQLException {
    Objects.requireNonNull(dataSource, "dataSource");
    try (Connection connection = dataSource.getConnection()) {
      return apply(connection, schema, createSchema);
    }
  }

  /**
   * Like {@link #apply(DataSource, String, boolean)} over {@code connection}. In auto-commit mode
   * the work runs in a transaction of its own; otherwise it joins the caller's transaction, which
   * the caller commits.
   *
   * @throws SQLException when a statement fails (the own transaction is rolled back)
   */
  public static Result apply(Connection connection, String schema, boolean createSchema)
      throws SQLException {
    Objects.requireNonNull(connection, "connection");
    boolean ownTransaction = connection.getAutoCommit();
    if (ownTransaction) {
      connection.setAutoCommit(false);
    }
    try {
      try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
        lock.setLong(1, LOCK_KEY);
        lock.execute();
      }
      List<Step> steps = new ArrayList<>();
      if (schema != null && !LiveSchema.exists(connection, schema)) {
        if (!createSchema) {
          throw LiveSchema.missingSchema(connection, schema);
        }
        steps.add(
            new Step("created schema " + schema, "CREATE SCHEMA IF NOT EXISTS "
                + SqlNames.quote(schema)));
        run(connection, steps.get(0));
      }
      LiveSchema live = LiveSchema.read(connection, schema);
      List<Step> plan = plan(SchemaModel.DEVDOX, live);
      for (Step step : plan) {
        run(connection, step);
      }
      steps.addAll(plan);
      if (ownTransaction) {
        connection.commit();
      }
      return new Result(live.schema, steps);
    } catch (SQLException | RuntimeException e) {
      if (ownTransaction) {
        try {
          connection.rollback();
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
      }
      throw e;
    } finally {
      if (ownTransaction) {
        connection.setAutoCommit(true);
      }
    }
  }

  /**
   * The statements {@link #apply} would run now on {@code schema} (null: the current schema),
   * without running them.
   *
   * @throws SQLException when the catalog cannot be read; SQLState {@code 3F000} when the schema
   *     does not exist
   */
  public static List<Step> plan(Connection connection, String schema) throws SQLException {
    Objects.requireNonNull(connection, "connection");
    return plan(SchemaModel.DEVDOX, LiveSchema.read(connection, schema));
  }

  static List<Step> plan(SchemaModel model, LiveSchema live) {
    String schema = live.schema;
    List<Step> steps = new ArrayList<>();
    // Relation names are unique per schema: an index name taken by anything is left alone.
    java.util.Set<String> taken = new java.util.HashSet<>(live.relations.keySet());
    for (SchemaModel.Table table : model.tables()) {
      LiveSchema.Table actual = live.tables.get(table.name());
      if (actual == null) {
        if (taken.contains(table.name())) {
          continue;
        }
        steps.add(
            new Step("created table " + table.name(), SchemaDdl.createTable(table, schema)));
        taken.add(table.name());
        taken.add(table.primaryKey().name());
        table.uniqueConstraints().forEach(k -> taken.add(k.name()));
        for (SchemaModel.Index index : table.indexes()) {
          if (taken.add(index.name())) {
            steps.add(createIndex(table, index, schema));
          }
        }
        continue;
      }
      for (SchemaModel.Column column : table.columns()) {
        if (!actual.columns().containsKey(column.name())) {
          steps.add(
              new Step(
                  "added column " + table.name() + "." + column.name() + " "
                      + column.describe(),
                  SchemaDdl.addColumn(table, column, schema)));
        }
      }
      if (actual.primaryKey().isEmpty() && taken.add(table.primaryKey().name())) {
        steps.add(
            new Step(
                "added primary key " + table.primaryKey().name() + " to " + table.name(),
                SchemaDdl.addConstraint(table, table.primaryKey(), "PRIMARY KEY", schema)));
      }
      for (SchemaModel.Key unique : table.uniqueConstraints()) {
        if (actual.constraint(unique.name()).isEmpty() && taken.add(unique.name())) {
          steps.add(
              new Step(
                  "added unique constraint " + unique.name() + " " + unique.columnList() + " to "
                      + table.name(),
                  SchemaDdl.addConstraint(table, unique, "UNIQUE", schema)));
        }
      }
      for (SchemaModel.Index index : table.indexes()) {
        if (taken.add(index.name())) {
          steps.add(createIndex(table, index, schema));
        }
      }
    }
    return steps;
  }

  private static Step createIndex(SchemaModel.Table table, SchemaModel.Index index, String schema) {
    return new Step(
        "created " + (index.custom() ? "custom " : "") + "index " + index.name() + " on "
            + table.name() + " " + index.describe(),
        SchemaDdl.createIndex(table, index, schema));
  }

  private static void run(Connection connection, Step step) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(step.sql());
    } catch (SQLException e) {
      throw new SQLException(
          "could not apply the schema, nothing was changed: " + step.description()
              + " failed: " + e.getMessage(),
          e.getSQLState(), e);
    }
  }
}
