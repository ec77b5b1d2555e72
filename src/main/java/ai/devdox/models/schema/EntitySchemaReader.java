package ai.devdox.models.schema;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.UniqueConstraint;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.annotations.ColumnDefault;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * Reads the expected schema from the entities' own annotations ({@code @Table}, {@code @Column},
 * {@code @Id}, {@code @ColumnDefault}, {@code @JdbcTypeCode}) and the custom index SQL.
 *
 * <p>Why annotations and not Hibernate's boot metadata: the annotations are the same on Hibernate
 * 6.6 and 7.x, need no dialect or connection, and keep the contract's column order (fields are
 * declared in that order; Hibernate orders its columns by attribute name). The test suite checks
 * this reading against the tables Hibernate's own schema export makes from the same entities.
 *
 * <p>Anything this reader does not understand (an association, {@code @Lob}, a converter, an
 * unnamed constraint, a Java type without a known column type) stops it with a message naming the
 * field, so a new mapping cannot silently produce a wrong model.
 */
final class EntitySchemaReader {

  // @JavaType and @Mutability change how Hibernate treats the Java value (masking secrets in its
  // logs, copying JSON values for change tracking), not the column: the column type still comes
  // from the field type, @JdbcTypeCode and @Column.
  private static final Set<Class<? extends Annotation>> UNDERSTOOD =
      Set.of(Id.class, Column.class, ColumnDefault.class, JdbcTypeCode.class,
          org.hibernate.annotations.JavaType.class, org.hibernate.annotations.Mutability.class);

  private static final Set<String> VALIDATION_PACKAGES = Set.of("jakarta.validation.constraints");

  private static final Map<Class<?>, String> JAVA_TYPES =
      Map.ofEntries(
          Map.entry(UUID.class, "uuid"),
          Map.entry(int.class, "integer"),
          Map.entry(Integer.class, "integer"),
          Map.entry(long.class, "bigint"),
          Map.entry(Long.class, "bigint"),
          Map.entry(short.class, "smallint"),
          Map.entry(Short.class, "smallint"),
          Map.entry(boolean.class, "boolean"),
          Map.entry(Boolean.class, "boolean"),
          Map.entry(double.class, "double precision"),
          Map.entry(Double.class, "double precision"),
          Map.entry(Instant.class, "timestamptz"),
          Map.entry(OffsetDateTime.class, "timestamptz"));

  private static final Pattern CREATE_INDEX =
      Pattern.compile(
          "^\\s*CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?\"?(\\w+)\"?\\s+ON\\s+"
              + "\"?(\\w+)\"?\\s*\\(([^)]*)\\)(?:\\s+WHERE\\s+(.+?))?\\s*;?\\s*$",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private EntitySchemaReader() {}

  static SchemaModel read(List<Class<?>> entities, List<String> customIndexSql) {
    List<SchemaModel.Table> tables = new ArrayList<>();
    for (Class<?> entity : entities) {
      tables.add(table(entity));
    }
    for (String sql : customIndexSql) {
      SchemaModel.Index index = customIndex(sql);
      String tableName = tableOf(sql);
      int position = -1;
      for (int i = 0; i < tables.size(); i++) {
        if (tables.get(i).name().equals(tableName)) {
          position = i;
        }
      }
      if (position < 0) {
        throw new IllegalStateException(
            "custom index " + index.name() + " is on table " + tableName
                + ", which no entity maps");
      }
      tables.set(position, tables.get(position).withIndex(index));
    }
    return new SchemaModel(tables);
  }

  private static SchemaModel.Table table(Class<?> entity) {
    Table table = entity.getAnnotation(Table.class);
    if (table == null || table.name().isBlank()) {
      throw new IllegalStateException(
          entity.getName() + " has no @Table name; the schema model needs every table named");
    }
    if (!table.schema().isBlank() || !table.catalog().isBlank()) {
      throw new IllegalStateException(
          entity.getName() + " fixes a schema or catalog in @Table; the schema is configured at"
              + " run time, remove it");
    }
    String name = unquote(table.name());
    List<SchemaModel.Column> columns = new ArrayList<>();
    List<String> idColumns = new ArrayList<>();
    for (Field field : entity.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers())
          || Modifier.isTransient(field.getModifiers())
          || field.isAnnotationPresent(Transient.class)) {
        continue;
      }
      SchemaModel.Column column = column(entity, field);
      columns.add(column);
      if (field.isAnnotationPresent(Id.class)) {
        idColumns.add(column.name());
      }
    }
    if (idColumns.isEmpty()) {
      throw new IllegalStateException(entity.getName() + " has no @Id field");
    }
    List<SchemaModel.Key> uniques = new ArrayList<>();
    for (UniqueConstraint unique : table.uniqueConstraints()) {
      if (unique.name().isBlank()) {
        throw new IllegalStateException(
            entity.getName() + " has a unique constraint without a name; the contract names"
                + " every constraint");
      }
      uniques.add(new SchemaModel.Key(unique.name(), Arrays.asList(unique.columnNames())));
    }
    List<SchemaModel.Index> indexes = new ArrayList<>();
    for (jakarta.persistence.Index index : table.indexes()) {
      if (index.name().isBlank()) {
        throw new IllegalStateException(
            entity.getName() + " has an index without a name; the contract names every index");
      }
      indexes.add(
          new SchemaModel.Index(
              index.name(), columnList(entity, index.columnList()), index.unique(), null, null));
    }
    return new SchemaModel.Table(
        name, columns, new SchemaModel.Key(name + "_pkey", idColumns), uniques, indexes);
  }

  private static SchemaModel.Column column(Class<?> entity, Field field) {
    String where = entity.getSimpleName() + "." + field.getName();
    for (Annotation annotation : field.getAnnotations()) {
      Class<? extends Annotation> type = annotation.annotationType();
      if (!UNDERSTOOD.contains(type) && !VALIDATION_PACKAGES.contains(type.getPackageName())) {
        throw new IllegalStateException(
            where + " uses @" + type.getSimpleName() + ", which the schema model does not map;"
                + " teach EntitySchemaReader about it");
      }
    }
    Column column = field.getAnnotation(Column.class);
    if (column == null || column.name().isBlank()) {
      throw new IllegalStateException(
          where + " has no @Column name; the schema model needs every column named");
    }
    if (column.unique()) {
      throw new IllegalStateException(
          where + " uses @Column(unique = true), whose constraint name is generated; declare a"
              + " named @UniqueConstraint instead");
    }
    boolean nullable =
        column.nullable() && !field.isAnnotationPresent(Id.class) && !field.getType().isPrimitive();
    ColumnDefault columnDefault = field.getAnnotation(ColumnDefault.class);
    return new SchemaModel.Column(
        column.name(),
        type(where, field, column),
        nullable,
        columnDefault == null ? null : columnDefault.value());
  }

  private static String type(String where, Field field, Column column) {
    if (!column.columnDefinition().isBlank()) {
      return SqlText.shortType(column.columnDefinition());
    }
    JdbcTypeCode code = field.getAnnotation(JdbcTypeCode.class);
    if (code != null) {
      if (code.value() == SqlTypes.JSON) {
        return "jsonb";
      }
      throw new IllegalStateException(
          where + " has @JdbcTypeCode(" + code.value() + "); only SqlTypes.JSON is mapped");
    }
    if (field.getType() == String.class) {
      return "varchar(" + column.length() + ")";
    }
    String type = JAVA_TYPES.get(field.getType());
    if (type == null) {
      throw new IllegalStateException(
          where + " is a " + field.getType().getName() + ", which has no column type in the"
              + " schema model; give it a columnDefinition");
    }
    return type;
  }

  private static List<String> columnList(Class<?> entity, String columnList) {
    List<String> columns = new ArrayList<>();
    for (String part : columnList.split(",")) {
      String column = part.trim();
      if (column.isEmpty() || column.contains(" ")) {
        throw new IllegalStateException(
            entity.getName() + " has an index column list '" + columnList + "' the schema model"
                + " cannot read; list plain column names");
      }
      columns.add(column);
    }
    return columns;
  }

  static SchemaModel.Index customIndex(String sql) {
    Matcher m = matcher(sql);
    List<String> columns = new ArrayList<>();
    for (String part : m.group(4).split(",")) {
      columns.add(unquote(part.trim()));
    }
    String predicate = m.group(5) == null ? null : m.group(5).trim().replaceAll("\\s+", " ");
    return new SchemaModel.Index(m.group(2), columns, m.group(1) != null, predicate, sql);
  }

  private static String tableOf(String sql) {
    return matcher(sql).group(3);
  }

  private static Matcher matcher(String sql) {
    Matcher m = CREATE_INDEX.matcher(sql);
    if (!m.matches()) {
      throw new IllegalStateException(
          "custom index SQL is not one CREATE [UNIQUE] INDEX name ON table (columns) [WHERE ...]"
              + " statement: " + sql);
    }
    return m;
  }

  private static String unquote(String name) {
    String trimmed = name.trim();
    if (trimmed.length() >= 2
        && ((trimmed.startsWith("\"") && trimmed.endsWith("\""))
            || (trimmed.startsWith("`") && trimmed.endsWith("`")))) {
      return trimmed.substring(1, trimmed.length() - 1);
    }
    return trimmed.toLowerCase(Locale.ROOT);
  }
}
