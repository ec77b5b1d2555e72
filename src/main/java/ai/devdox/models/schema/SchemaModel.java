package ai.devdox.models.schema;

import ai.devdox.models.entity.DevdoxEntities;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The schema the entities expect: tables in creation order, each with its columns in the order of
 * the contract, primary key, unique constraints and indexes (the custom partial index included).
 * Built once from the entity annotations ({@link EntitySchemaReader}) and the SQL of
 * {@link CustomIndexes}; the DDL printer, the verifier and the apply planner all read this one
 * model.
 */
record SchemaModel(List<Table> tables) {

  /** The model of {@link DevdoxEntities#ALL} and {@link CustomIndexes#ALL}. */
  static final SchemaModel DEVDOX = EntitySchemaReader.read(DevdoxEntities.ALL, CustomIndexes.ALL);

  SchemaModel {
    tables = List.copyOf(tables);
  }

  Optional<Table> table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** One table. */
  record Table(
      String name,
      List<Column> columns,
      Key primaryKey,
      List<Key> uniqueConstraints,
      List<Index> indexes) {

    Table {
      columns = List.copyOf(columns);
      uniqueConstraints = List.copyOf(uniqueConstraints);
      indexes = List.copyOf(indexes);
    }

    Optional<Column> column(String name) {
      return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The same table with one more index (a custom index found for it). */
    Table withIndex(Index index) {
      List<Index> more = new java.util.ArrayList<>(indexes);
      more.add(index);
      return new Table(name, columns, primaryKey, uniqueConstraints, more);
    }
  }

  /**
   * One column: {@code type} is PostgreSQL's short type word ({@code varchar(255)}, {@code text},
   * {@code jsonb}, {@code uuid}, {@code integer}, {@code boolean}, {@code timestamptz});
   * {@code defaultSql} the default expression as the contract writes it, or null for none.
   */
  record Column(String name, String type, boolean nullable, String defaultSql) {

    /** {@code varchar(255) NOT NULL DEFAULT ''}: how findings describe the expected column. */
    String describe() {
      return type + (nullable ? " NULL" : " NOT NULL")
          + (defaultSql == null ? "" : " DEFAULT " + defaultSql);
    }
  }

  /** A primary key or unique constraint: its name and columns. */
  record Key(String name, List<String> columns) {

    Key {
      columns = List.copyOf(columns);
    }

    String columnList() {
      return "(" + String.join(", ", columns) + ")";
    }
  }

  /**
   * An index: {@code predicate} is the WHERE clause of a partial index as written in its SQL, or
   * null; {@code custom} marks an index of {@link CustomIndexes}, created from its own SQL.
   */
  record Index(
      String name, List<String> columns, boolean unique, String predicate, String customSql) {

    Index {
      columns = List.copyOf(columns);
    }

    boolean custom() {
      return customSql != null;
    }

    /** {@code unique (message_id) where status IN (...)}: how findings describe the index. */
    String describe() {
      return (unique ? "UNIQUE " : "")
          + columns.stream().collect(Collectors.joining(", ", "(", ")"))
          + (predicate == null ? "" : " WHERE " + predicate);
    }
  }
}
