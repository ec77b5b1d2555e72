package ai.devdox.models.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Everything PostgreSQL's catalog says about one schema's tables, as sorted text lines, straight
 * from {@code format_type}, {@code pg_get_expr}, {@code pg_get_constraintdef} and
 * {@code pg_get_indexdef}: independent of the verifier, so two databases can be compared with it.
 * Column comments are left out (they are not part of the contract).
 */
public final class CatalogSnapshot {

  private CatalogSnapshot() {}

  /** The lines, columns in their physical order within each table. */
  public static List<String> of(DataSource dataSource, String schema) throws SQLException {
    return read(dataSource, schema, true);
  }

  /** The lines, columns sorted by name (for schemas made by tools that order columns otherwise). */
  public static List<String> ignoringColumnOrder(DataSource dataSource, String schema)
      throws SQLException {
    return read(dataSource, schema, false);
  }

  private static List<String> read(DataSource dataSource, String schema, boolean physicalOrder)
      throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      query(connection, schema, lines,
          "select 'table ' || c.relname || ' ' || c.relkind::text from pg_class c"
              + " where c.relnamespace = ?::regnamespace and c.relkind in ('r', 'p', 'v', 'S')"
              + " order by 1");
      query(connection, schema, lines,
          "select 'column ' || c.relname || '.' || a.attname || ' ' ||"
              + " format_type(a.atttypid, a.atttypmod) || case when a.attnotnull then ' NOT NULL'"
              + " else ' NULL' end || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')"
              + (physicalOrder ? " || ' #' || a.attnum" : "")
              + " from pg_attribute a join pg_class c on c.oid = a.attrelid"
              + " left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum"
              + " where c.relnamespace = ?::regnamespace and c.relkind = 'r' and a.attnum > 0"
              + " and not a.attisdropped order by c.relname, "
              + (physicalOrder ? "a.attnum" : "a.attname"));
      query(connection, schema, lines,
          "select 'constraint ' || c.relname || '.' || con.conname || ' '"
              + " || pg_get_constraintdef(con.oid) from pg_constraint con"
              + " join pg_class c on c.oid = con.conrelid where c.relnamespace = ?::regnamespace"
              + " and con.contype <> 'n' order by 1");
      query(connection, schema, lines,
          "select 'index ' || t.relname || '.' || i.relname || ' '"
              + " || pg_get_indexdef(ix.indexrelid) from pg_index ix"
              + " join pg_class i on i.oid = ix.indexrelid join pg_class t on t.oid = ix.indrelid"
              + " where t.relnamespace = ?::regnamespace order by 1");
    }
    return lines;
  }

  private static void query(Connection connection, String schema, List<String> lines, String sql)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, schema == null ? "public" : schema);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          lines.add(rows.getString(1));
        }
      }
    }
  }
}
