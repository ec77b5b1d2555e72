package ai.devdox.models.bootstrap;

import ai.devdox.models.entity.DevdoxEntities;
import jakarta.persistence.Column;
import jakarta.persistence.Table;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.model.relational.ColumnOrderingStrategyStandard;
import org.hibernate.mapping.Constraint;

/**
 * Creates each table's columns in the order the entity declares its fields, which is the order of
 * the schema contract and of the Python models, instead of Hibernate's default (primary key, then
 * alphabetical). A database made by this library then lists its columns exactly as one made by the
 * Python services, so {@code SELECT *}, {@code \d} and schema dumps agree. Constraint columns keep
 * their declared order.
 */
final class DeclaredColumnOrder extends ColumnOrderingStrategyStandard {

  static final DeclaredColumnOrder INSTANCE = new DeclaredColumnOrder();

  private static final Map<String, List<String>> COLUMNS_BY_TABLE = declaredColumns();

  private DeclaredColumnOrder() {}

  @Override
  public List<org.hibernate.mapping.Column> orderTableColumns(
      org.hibernate.mapping.Table table, Metadata metadata) {
    List<String> declared = COLUMNS_BY_TABLE.get(unquote(table.getName()));
    if (declared == null) {
      return super.orderTableColumns(table, metadata);
    }
    Collection<org.hibernate.mapping.Column> columns = table.getColumns();
    List<org.hibernate.mapping.Column> ordered = new ArrayList<>(columns);
    ordered.sort(
        Comparator.comparingInt(
            column -> {
              int position = declared.indexOf(unquote(column.getName()));
              return position < 0 ? Integer.MAX_VALUE : position;
            }));
    return ordered;
  }

  @Override
  public List<org.hibernate.mapping.Column> orderConstraintColumns(
      Constraint constraint, Metadata metadata) {
    return null;
  }

  private static Map<String, List<String>> declaredColumns() {
    Map<String, List<String>> byTable = new HashMap<>();
    for (Class<?> entity : DevdoxEntities.ALL) {
      List<String> columns = new ArrayList<>();
      for (Field field : entity.getDeclaredFields()) {
        Column column = field.getAnnotation(Column.class);
        if (column != null) {
          columns.add(column.name());
        }
      }
      byTable.put(unquote(entity.getAnnotation(Table.class).name()), List.copyOf(columns));
    }
    return Map.copyOf(byTable);
  }

  private static String unquote(String name) {
    if (name.length() > 1 && (name.startsWith("\"") || name.startsWith("`"))) {
      return name.substring(1, name.length() - 1);
    }
    return name;
  }
}
