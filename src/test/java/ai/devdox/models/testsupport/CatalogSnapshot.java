package ai.devdox.models.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Everything the schema contract covers, read from {@code pg_catalog} for one schema, as sorted
 * lines: tables, columns (position, type with length, nullability, default), primary keys, unique
 * constraints, foreign keys and indexes (name, table, uniqueness, columns, predicate). Two
 * databases with the same lines have the same schema; comments and owners are left out.
 */
public final class CatalogSnapshot {

  private static final String COLUMNS =
      """
      select c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
             pg_get_expr(d.adbin, d.adrelid)
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace
      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where n.nspname = ? and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum
      """;

  private static final String CONSTRAINTS =
      """
      select c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid)
      from pg_constraint k
      join pg_class c on c.oid = k.conrelid
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ?
      """;

  private static final String INDEXES =
      """
      select t.relname, i.relname, x.indisunique, x.indisprimary,
             regexp_replace(pg_get_indexdef(x.indexrelid), ' ON [^ ]+\\.', ' ON ')
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = ?
      """;

  private final List<String> lines;

  private CatalogSnapshot(List<String> lines) {
    this.lines = lines;
  }

  /** The lines of schema {@code schema} (null: {@code public}), column order included. */
  public static List<String> of(DataSource dataSource, String schema) throws SQLException {
    return read(dataSource, schema).lines();
  }

  /**
   * The lines of schema {@code schema} (null: {@code public}) without the column positions, for
   * schemas made by tools that order columns their own way (Hibernate's schema export).
   */
  public static List<String> ignoringColumnOrder(DataSource dataSource, String schema)
      throws SQLException {
    return read(dataSource, schema).lines().stream()
        .filter(line -> !line.startsWith("position "))
        .toList();
  }

  /** Reads schema {@code schema} (null: {@code public}) of the database behind {@code dataSource}. */
  public static CatalogSnapshot read(DataSource dataSource, String schemaOrNull)
      throws SQLException {
    String schema = schemaOrNull == null ? "public" : schemaOrNull;
    TreeSet<String> lines = new TreeSet<>();
    try (Connection connection = dataSource.getConnection()) {
      List<String> positions = new ArrayList<>();
      query(connection, COLUMNS, schema, rows -> {
        String table = rows.getString(1);
        lines.add("table " + table);
        positions.add(table + "|" + rows.getString(3));
        lines.add("column " + table + "." + rows.getString(3) + " type=" + rows.getString(4)
            + " notnull=" + rows.getBoolean(5) + " default=" + rows.getString(6));
      });
      // Column order: the n-th column of each table, counting only live columns.
      String previous = null;
      int position = 0;
      for (String entry : positions) {
        String table = entry.substring(0, entry.indexOf('|'));
        position = table.equals(previous) ? position + 1 : 1;
        previous = table;
        lines.add("position " + table + " #" + position + " " + entry.substring(table.length() + 1));
      }
      query(connection, CONSTRAINTS, schema, rows -> lines.add("constraint " + rows.getString(1)
          + " " + rows.getString(2) + " type=" + rows.getString(3) + " " + rows.getString(4)));
      query(connection, INDEXES, schema, rows -> lines.add("index " + rows.getString(1) + " "
          + rows.getString(2) + " unique=" + rows.getBoolean(3) + " primary="
          + rows.getBoolean(4) + " " + rows.getString(5).replace(schema + ".", "")));
    }
    return new CatalogSnapshot(List.copyOf(lines));
  }

  /** The sorted lines. */
  public List<String> lines() {
    return lines;
  }

  /** Lines of this snapshot that {@code other} lacks, each prefixed with {@code label}. */
  public List<String> missingFrom(CatalogSnapshot other, String label) {
    List<String> missing = new ArrayList<>();
    for (String line : lines) {
      if (!other.lines.contains(line)) {
        missing.add(label + ": " + line);
      }
    }
    return missing;
  }

  /** Every line that only one of the two snapshots has; empty when they are the same schema. */
  public List<String> differences(CatalogSnapshot other, String thisName, String otherName) {
    List<String> differences = new ArrayList<>(missingFrom(other, "only in " + thisName));
    differences.addAll(other.missingFrom(this, "only in " + otherName));
    return differences;
  }

  private interface RowConsumer {
    void accept(ResultSet rows) throws SQLException;
  }

  private static void query(Connection connection, String sql, String schema, RowConsumer consumer)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, schema);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          consumer.accept(rows);
        }
      }
    }
  }
}
