package ai.devdox.models.tool;

import ai.devdox.models.schema.SchemaDdl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ddl}: prints the complete PostgreSQL DDL of the schema. */
@Command(
    name = "ddl",
    description = {
      "Prints the complete PostgreSQL DDL: the six tables in dependency order with their keys,"
          + " unique constraints and indexes, then the custom partial index. Load it into an"
          + " empty database, or use it as a Flyway or Liquibase baseline."
    })
final class DdlCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Option(
      names = "--schema",
      description = "Place every table in this schema (default: unqualified names).")
  String schema;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(SchemaDdl.script(blankToNull(schema)));
    return DevdoxSchemaTool.EXIT_OK;
  }

  static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }
}
