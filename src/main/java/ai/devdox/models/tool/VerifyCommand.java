package ai.devdox.models.tool;

import ai.devdox.models.bootstrap.DatabaseConfig;
import ai.devdox.models.schema.SchemaReport;
import ai.devdox.models.schema.SchemaVerifier;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verify}: compares a live database with the entities' schema. */
@Command(
    name = "verify",
    description = {
      "Compares a live database with the schema the entities expect: tables, columns (type,"
          + " length, nullability, default), primary keys, unique constraints and indexes,"
          + " including the partial index's WHERE clause. Extra tables, columns and indexes are"
          + " notes. Exit 0: it matches; 1: it differs; 2: it could not be read."
    })
final class VerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Mixin ConnectionOptions connection;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() {
    DatabaseConfig config = connection.config("verify");
    SchemaReport report;
    try (Connection jdbc = ConnectionOptions.open(config)) {
      report = SchemaVerifier.verify(jdbc, config.schema());
    } catch (SQLException e) {
      throw readFailure(config, e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(report.toJson());
    } else {
      report.lines().forEach(out::println);
    }
    return report.matches() ? DevdoxSchemaTool.EXIT_OK : DevdoxSchemaTool.EXIT_DRIFT;
  }

  /** A read failure as one sentence: a missing schema says how to make it. */
  static ToolException readFailure(DatabaseConfig config, SQLException e) {
    if ("3F000".equals(e.getSQLState())) {
      return new ToolException(
          DevdoxSchemaTool.oneLine(e.getMessage()) + " (" + config.describeTarget()
              + "); check --schema, or create it with apply --create-schema",
          e);
    }
    return new ToolException(
        "could not read " + config.describeTarget() + ": " + DevdoxSchemaTool.oneLine(
            e.getMessage()) + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState()
            + ")"),
        e);
  }
}
