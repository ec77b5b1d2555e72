package ai.devdox.models.schema;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one schema of a live database holds, read from PostgreSQL's catalog in four queries:
 * tables, columns (type, nullability, default), constraints and indexes. Read-only.
 */
final class LiveSchema {

  /** SQLState PostgreSQL itself uses for "schema does not exist". */
  static final String INVALID_SCHEMA_NAME = "3F000";

  final String database;
  final String schema;
  /** Every relation of the schema (tables, indexes, views, sequences) by name: its relkind. */
  final Map<String, Character> relations;
  /** The ordinary and partitioned tables by name. */
  final Map<String, Table> tables;

  private LiveSchema(
      String database, String schema, Map<String, Character> relations, Map<String, Table> tables) {
    this.database = database;
    this.schema = schema;
    this.relations = relations;
    this.tables = tables;
  }

  Optional<Table> table(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  /** A table as it is. Columns in their physical order. */
  record Table(
      String name,
      Map<String, Column> columns,
      List<Constraint> constraints,
      List<Index> indexes) {

    Optional<Constraint> primaryKey() {
      return constraints.stream().filter(c -> c.type() == 'p').findFirst();
    }

    Optional<Constraint> constraint(String name) {
      return constraints.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    Optional<Index> index(String name) {
      return indexes.stream().filter(i -> i.name().equals(name)).findFirst();
    }
  }

  /**
   * A column: {@code type} in its short form ({@code varchar(255)}), {@code defaultSql} as
   * PostgreSQL prints it or null; {@code identity} is {@code a}/{@code d} for identity columns,
   * {@code generated} {@code s} for generated ones (blank otherwise).
   */
  record Column(
      String name, String type, boolean notNull, String defaultSql, String identity,
      String generated) {

    boolean hasDefault() {
      return defaultSql != null || !identity.isBlank();
    }

    /** {@code varchar(20) NOT NULL DEFAULT 'x'}: how findings describe the column as it is. */
    String describe() {
      String text = type + (notNull ? " NOT NULL" : " NULL");
      if (!generated.isBlank()) {
        return text + " GENERATED ALWAYS AS (" + SqlText.withoutCasts(defaultSql) + ") STORED";
      }
      if (!identity.isBlank()) {
        return text + " GENERATED " + (identity.equals("a") ? "ALWAYS" : "BY DEFAULT")
            + " AS IDENTITY";
      }
      return text + (defaultSql == null ? "" : " DEFAULT " + SqlText.withoutCasts(defaultSql));
    }
  }

  /** A constraint: {@code type} is p, u, f, c or x as in {@code pg_constraint.contype}. */
  record Constraint(String name, char type, List<String> columns, String definition) {

    String columnList() {
      return "(" + String.join(", ", columns) + ")";
    }
  }

  /**
   * An index: {@code columns} as PostgreSQL prints each key (a name, or an expression, with
   * {@code DESC} etc.), {@code predicate} the deparsed WHERE clause or null, {@code constraint}
   * the name of the primary key or unique constraint it backs, or null.
   */
  record Index(
      String name,
      List<String> columns,
      boolean unique,
      boolean primary,
      boolean valid,
      String method,
      String predicate,
      String constraint) {

    /** {@code UNIQUE (message_id) WHERE ...}: how findings describe the index as it is. */
    String describe() {
      return (unique ? "UNIQUE " : "")
          + (method.equals("btree") ? "" : "USING " + method + " ")
          + "(" + String.join(", ", columns) + ")"
          + (predicate == null ? "" : " WHERE " + SqlText.withoutCasts(predicate))
          + (valid ? "" : " (INVALID: a failed concurrent build)");
    }
  }

  /** Whether {@code schema} exists; null asks about the connection's current schema. */
  static boolean exists(Connection connection, String schema) throws SQLException {
    return resolve(connection, schema) != null;
  }

  /**
   * Reads {@code schema} (null: the connection's current schema).
   *
   * @throws SQLException with SQLState {@value #INVALID_SCHEMA_NAME} naming the schema and the
   *     database when the schema does not exist, or whatever the catalog queries raise
   */
  static LiveSchema read(Connection connection, String schema) throws SQLException {
    Object[] resolved = resolve(connection, schema);
    if (resolved == null) {
      throw missingSchema(connection, schema);
    }
    long oid = (Long) resolved[0];
    String name = (String) resolved[1];
    String database = (String) resolved[2];

    Map<String, Character> relations = new LinkedHashMap<>();
    Map<Long, String> tableNames = new LinkedHashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select c.oid, c.relname, c.relkind from pg_class c where c.relnamespace = ?"
                + " order by c.relname")) {
      statement.setLong(1, oid);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          char kind = rows.getString(3).charAt(0);
          relations.put(rows.getString(2), kind);
          if (kind == 'r' || kind == 'p') {
            tableNames.put(rows.getLong(1), rows.getString(2));
          }
        }
      }
    }

    Map<Long, Map<String, Column>> columns = new LinkedHashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                + " pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text"
                + " from pg_attribute a join pg_class c on c.oid = a.attrelid"
                + " left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum"
                + " where c.relnamespace = ? and c.relkind in ('r', 'p')"
                + " and a.attnum > 0 and not a.attisdropped"
                + " order by a.attrelid, a.attnum")) {
      statement.setLong(1, oid);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          Column column =
              new Column(
                  rows.getString(2),
                  SqlText.shortType(rows.getString(3)),
                  rows.getBoolean(4),
                  rows.getString(5),
                  nullToBlank(rows.getString(6)),
                  nullToBlank(rows.getString(7)));
          columns.computeIfAbsent(rows.getLong(1), k -> new LinkedHashMap<>())
              .put(column.name(), column);
        }
      }
    }

    Map<Long, List<Constraint>> constraints = new LinkedHashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select con.conrelid, con.conname, con.contype::text, pg_get_constraintdef(con.oid),"
                + " array(select a.attname::text from unnest(con.conkey) with ordinality"
                + " k(attnum, ord) join pg_attribute a on a.attrelid = con.conrelid"
                + " and a.attnum = k.attnum order by k.ord)"
                + " from pg_constraint con join pg_class c on c.oid = con.conrelid"
                + " where c.relnamespace = ? and con.contype in ('p', 'u', 'f', 'c', 'x')"
                + " order by con.conrelid, con.conname")) {
      statement.setLong(1, oid);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          constraints.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>())
              .add(
                  new Constraint(
                      rows.getString(2),
                      rows.getString(3).charAt(0),
                      strings(rows.getArray(5)),
                      rows.getString(4)));
        }
      }
    }

    Map<Long, List<Index>> indexes = new LinkedHashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select ix.indrelid, i.relname, ix.indisunique, ix.indisprimary, ix.indisvalid,"
                + " am.amname, pg_get_expr(ix.indpred, ix.indrelid),"
                + " array(select pg_get_indexdef(ix.indexrelid, k, true)"
                + " from generate_series(1, ix.indnkeyatts) k order by k),"
                + " (select con.conname from pg_constraint con where con.conindid = ix.indexrelid"
                + " and con.conrelid = ix.indrelid and con.contype in ('p', 'u', 'x') limit 1)"
                + " from pg_index ix join pg_class i on i.oid = ix.indexrelid"
                + " join pg_class t on t.oid = ix.indrelid join pg_am am on am.oid = i.relam"
                + " where t.relnamespace = ? order by ix.indrelid, i.relname")) {
      statement.setLong(1, oid);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          indexes.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>())
              .add(
                  new Index(
                      rows.getString(2),
                      strings(rows.getArray(8)),
                      rows.getBoolean(3),
                      rows.getBoolean(4),
                      rows.getBoolean(5),
                      rows.getString(6),
                      rows.getString(7),
                      rows.getString(9)));
        }
      }
    }

    Map<String, Table> tables = new LinkedHashMap<>();
    tableNames.forEach(
        (tableOid, tableName) ->
            tables.put(
                tableName,
                new Table(
                    tableName,
                    columns.getOrDefault(tableOid, Map.of()),
                    constraints.getOrDefault(tableOid, List.of()),
                    indexes.getOrDefault(tableOid, List.of()))));
    return new LiveSchema(database, name, relations, tables);
  }

  /** {@code [oid, schema name, database name]}, or null when the schema does not exist. */
  private static Object[] resolve(Connection connection, String schema) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select n.oid, n.nspname, current_database() from pg_namespace n"
                + " where n.nspname = coalesce(?, current_schema())")) {
      statement.setString(1, schema);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return null;
        }
        return new Object[] {rows.getLong(1), rows.getString(2), rows.getString(3)};
      }
    }
  }

  static SQLException missingSchema(Connection connection, String schema) throws SQLException {
    String database;
    try (PreparedStatement statement = connection.prepareStatement("select current_database()");
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      database = rows.getString(1);
    }
    if (schema == null) {
      return new SQLException(
          "database \"" + database + "\" has no current schema (no schema of the search_path"
              + " exists); name the schema to use",
          INVALID_SCHEMA_NAME);
    }
    return new SQLException(
        "schema \"" + schema + "\" does not exist in database \"" + database + "\"",
        INVALID_SCHEMA_NAME);
  }

  private static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    Object[] values = (Object[]) array.getArray();
    return Arrays.stream(values).map(String::valueOf).toList();
  }

  private static String nullToBlank(String text) {
    return text == null ? "" : text;
  }
}
