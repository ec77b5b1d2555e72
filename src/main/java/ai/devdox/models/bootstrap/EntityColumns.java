package ai.devdox.models.bootstrap;

import ai.devdox.models.entity.DevdoxEntities;
import jakarta.persistence.Column;
import jakarta.persistence.Table;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The column facts of the library's entities, read once from their annotations: which table an
 * entity maps, which column a field maps and how long a {@code varchar} column may be. Used to turn
 * PostgreSQL's errors, which name neither the column nor the entity, into messages that do.
 */
final class EntityColumns {

  /** One mapped field. {@code length} is the varchar limit, or 0 for unlimited / not text. */
  record ColumnInfo(String table, String column, Field field, int length, boolean required) {
    String qualifiedName() {
      return table + "." + column;
    }
  }

  private static final Map<Class<?>, List<ColumnInfo>> BY_ENTITY = read();

  private EntityColumns() {}

  /** The unquoted table name of {@code entity}, or null if it is not one of the library's. */
  static String table(Class<?> entity) {
    List<ColumnInfo> columns = BY_ENTITY.get(entity);
    return columns == null || columns.isEmpty() ? null : columns.get(0).table();
  }

  /** The columns of {@code entity}, empty if it is not one of the library's. */
  static List<ColumnInfo> columns(Class<?> entity) {
    return BY_ENTITY.getOrDefault(entity, List.of());
  }

  /** The columns of the table named {@code table} (unquoted, any case). */
  static List<ColumnInfo> columnsOfTable(String table) {
    for (List<ColumnInfo> columns : BY_ENTITY.values()) {
      if (!columns.isEmpty() && columns.get(0).table().equalsIgnoreCase(table)) {
        return columns;
      }
    }
    return List.of();
  }

  /** The entity class with the given simple or full name, or null. */
  static Class<?> entityNamed(String name) {
    for (Class<?> entity : BY_ENTITY.keySet()) {
      if (entity.getName().equals(name) || entity.getSimpleName().equals(name)) {
        return entity;
      }
    }
    return null;
  }

  /** The column mapped by {@code entity}'s field {@code property}, or null. */
  static ColumnInfo column(Class<?> entity, String property) {
    for (ColumnInfo info : columns(entity)) {
      if (info.field().getName().equals(property)) {
        return info;
      }
    }
    return null;
  }

  private static Map<Class<?>, List<ColumnInfo>> read() {
    Map<Class<?>, List<ColumnInfo>> result = new LinkedHashMap<>();
    for (Class<?> entity : DevdoxEntities.ALL) {
      Table table = entity.getAnnotation(Table.class);
      String tableName = unquote(table == null ? entity.getSimpleName() : table.name());
      List<ColumnInfo> columns = new ArrayList<>();
      for (Field field : entity.getDeclaredFields()) {
        Column column = field.getAnnotation(Column.class);
        if (column == null || Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        boolean varchar = field.getType() == String.class && column.columnDefinition().isEmpty();
        columns.add(
            new ColumnInfo(
                tableName,
                column.name().isEmpty() ? field.getName() : unquote(column.name()),
                field,
                varchar ? column.length() : 0,
                !column.nullable()));
      }
      result.put(entity, List.copyOf(columns));
    }
    return result;
  }

  static String unquote(String name) {
    String trimmed = name.trim();
    if (trimmed.length() >= 2
        && (trimmed.startsWith("\"") && trimmed.endsWith("\"")
            || trimmed.startsWith("`") && trimmed.endsWith("`"))) {
      trimmed = trimmed.substring(1, trimmed.length() - 1);
    }
    return trimmed.toLowerCase(Locale.ROOT);
  }
}
