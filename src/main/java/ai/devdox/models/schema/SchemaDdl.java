package ai.devdox.models.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The complete PostgreSQL DDL of the schema the entities expect: the six tables in dependency
 * order, each with its columns in the contract's order (exact types, NOT NULL, defaults), primary
 * key {@code <table>_pkey} and named unique constraints, then their indexes, then the custom
 * partial index. No foreign keys: the contract has none.
 *
 * <p>Loading {@link #script(String)} into an empty database gives exactly the contract's schema,
 * so it can serve as a Flyway or Liquibase baseline.
 */
public final class SchemaDdl {

  private SchemaDdl() {}

  /**
   * The statements, without trailing semicolons, with every table placed in {@code schema} (null:
   * unqualified names, for the connection's current schema). With a schema the first statement is
   * {@code CREATE SCHEMA IF NOT EXISTS}.
   */
  public static List<String> statements(String schema) {
    List<String> statements = new ArrayList<>();
    if (schema != null) {
      statements.add("CREATE SCHEMA IF NOT EXISTS " + SqlNames.quote(schema));
    }
    for (SchemaModel.Table table : SchemaModel.DEVDOX.tables()) {
      statements.add(createTable(table, schema));
      for (SchemaModel.Index index : table.indexes()) {
        if (!index.custom()) {
          statements.add(createIndex(table, index, schema));
        }
      }
    }
    for (SchemaModel.Table table : SchemaModel.DEVDOX.tables()) {
      for (SchemaModel.Index index : table.indexes()) {
        if (index.custom()) {
          statements.add(createIndex(table, index, schema));
        }
      }
    }
    return statements;
  }

  /** {@link #statements(String)} as one script: a header comment, then each statement and ';'. */
  public static String script(String schema) {
    StringBuilder out = new StringBuilder();
    out.append("-- DevDox shared schema for PostgreSQL, generated from the devdox-ai-models entities.\n")
        .append("-- Six tables with their primary keys, unique constraints and indexes, then the\n")
        .append("-- custom partial index. No foreign keys: the schema contract has none.\n")
        .append("-- Load into an empty database, or use as a Flyway / Liquibase baseline.\n");
    for (String statement : statements(schema)) {
      out.append('\n').append(statement).append(";\n");
    }
    return out.toString();
  }

  static String createTable(SchemaModel.Table table, String schema) {
    List<String> parts = new ArrayList<>();
    for (SchemaModel.Column column : table.columns()) {
      parts.add(columnDefinition(column));
    }
    parts.add(keyDefinition(table.primaryKey(), "PRIMARY KEY"));
    for (SchemaModel.Key unique : table.uniqueConstraints()) {
      parts.add(keyDefinition(unique, "UNIQUE"));
    }
    return "CREATE TABLE " + name(schema, table.name()) + " (\n    "
        + String.join(",\n    ", parts) + "\n)";
  }

  static String columnDefinition(SchemaModel.Column column) {
    return SqlNames.quote(column.name()) + " " + column.type()
        + (column.nullable() ? "" : " NOT NULL")
        + (column.defaultSql() == null ? "" : " DEFAULT " + column.defaultSql());
  }

  static String keyDefinition(SchemaModel.Key key, String kind) {
    return "CONSTRAINT " + SqlNames.quote(key.name()) + " " + kind + " " + quotedList(key.columns());
  }

  static String addColumn(SchemaModel.Table table, SchemaModel.Column column, String schema) {
    return "ALTER TABLE " + name(schema, table.name()) + " ADD COLUMN " + columnDefinition(column);
  }

  static String addConstraint(
      SchemaModel.Table table, SchemaModel.Key key, String kind, String schema) {
    return "ALTER TABLE " + name(schema, table.name()) + " ADD " + keyDefinition(key, kind);
  }

  static String createIndex(SchemaModel.Table table, SchemaModel.Index index, String schema) {
    if (index.custom()) {
      return CustomIndexes.qualified(index.customSql(), schema);
    }
    return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX " + SqlNames.quote(index.name())
        + " ON " + name(schema, table.name()) + " " + quotedList(index.columns())
        + (index.predicate() == null ? "" : " WHERE " + index.predicate());
  }

  static String name(String schema, String table) {
    return (schema == null ? "" : SqlNames.quote(schema) + ".") + SqlNames.quote(table);
  }

  private static String quotedList(List<String> columns) {
    return columns.stream().map(SqlNames::quote).collect(Collectors.joining(", ", "(", ")"));
  }
}
