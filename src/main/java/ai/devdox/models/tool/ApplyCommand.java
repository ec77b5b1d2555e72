package ai.devdox.models.tool;

import ai.devdox.models.bootstrap.DatabaseConfig;
import ai.devdox.models.schema.SchemaApplier;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code apply}: creates what is missing, in one transaction. */
@Command(
    name = "apply",
    description = {
      "Creates what is missing of the schema (tables, columns, keys, unique constraints, indexes,"
          + " the custom partial index) in one transaction. Never drops or alters anything that"
          + " exists; a second run changes nothing. Prints what it did."
    })
final class ApplyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Mixin ConnectionOptions connection;

  @Option(names = "--create-schema", description = "Create the --schema when it does not exist.")
  boolean createSchema;

  @Option(
      names = "--dry-run",
      description = "Print what would be created, with its SQL, and change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    DatabaseConfig config = connection.config("apply");
    PrintWriter out = spec.commandLine().getOut();
    try (Connection jdbc = ConnectionOptions.open(config)) {
      if (dryRun) {
        List<SchemaApplier.Step> plan = SchemaApplier.plan(jdbc, config.schema());
        for (SchemaApplier.Step step : plan) {
          out.println("would have " + step.description() + ":");
          out.println("    " + step.sql().replace("\n", "\n    ") + ";");
        }
        out.println(
            plan.isEmpty()
                ? "nothing to do: every table, column, key, constraint and index exists"
                : plan.size() + " change" + (plan.size() == 1 ? "" : "s")
                    + " would be made; nothing was changed (dry run)");
        return DevdoxSchemaTool.EXIT_OK;
      }
      SchemaApplier.Result result = SchemaApplier.apply(jdbc, config.schema(), createSchema);
      for (SchemaApplier.Step step : result.steps()) {
        out.println(step.description());
      }
      if (result.changed()) {
        out.println(
            "applied " + result.steps().size() + " change"
                + (result.steps().size() == 1 ? "" : "s") + " to schema " + result.schema()
                + " in one transaction; existing objects were left as they are (verify compares"
                + " them)");
      } else {
        out.println(
            "nothing to do: schema " + result.schema() + " has every table, column, key,"
                + " constraint and index of the model (verify compares their definitions)");
      }
      return DevdoxSchemaTool.EXIT_OK;
    } catch (SQLException e) {
      if ("3F000".equals(e.getSQLState())) {
        throw VerifyCommand.readFailure(config, e);
      }
      throw new ToolException(
          "apply on " + config.describeTarget() + ": " + DevdoxSchemaTool.oneLine(e.getMessage()),
          e);
    }
  }
}
