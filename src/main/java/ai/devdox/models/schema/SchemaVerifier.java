package ai.devdox.models.schema;

import ai.devdox.models.schema.SchemaFinding.Kind;
import ai.devdox.models.schema.SchemaFinding.Severity;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Compares a live database with the schema the entities expect, all of it: tables; columns
 * (type and length, nullability, default); primary keys; unique constraints; indexes, including
 * the columns, uniqueness and WHERE clause of the custom partial index. Hibernate's own schema
 * validation looks at tables and column types only; the partial index is what keeps two workers
 * from claiming the same message, so it is checked too.
 *
 * <pre>{@code
 * SchemaReport report = SchemaVerifier.verify(dataSource, null);   // null: current schema
 * if (!report.matches()) {
 *   report.failures().forEach(f -> log.error(f.line()));
 * }
 * }</pre>
 *
 * <p>Extra tables, columns, indexes and constraints are notes, not failures: the Python services
 * may be ahead of this library. Two extras are failures because the Java side breaks on them: an
 * extra column that is NOT NULL without a default (the entities never write it), and a foreign
 * key (the contract has none). Column order is not compared. The verifier only reads the catalog.
 */
public final class SchemaVerifier {

  private static final String ABSENT = "absent";

  private SchemaVerifier() {}

  /**
   * Verifies {@code schema} (null: the connection's current schema, usually {@code public}) of
   * the database behind {@code dataSource}.
   *
   * @throws SQLException when the database cannot be reached or read; SQLState {@code 3F000}
   *     when the schema does not exist
   */
  public static SchemaReport verify(DataSource dataSource, String schema) throws SQLException {
    Objects.requireNonNull(dataSource, "dataSource");
    try (Connection connection = dataSource.getConnection()) {
      return verify(connection, schema);
    }
  }

  /**
   * Verifies {@code schema} (null: the current schema) over {@code connection}, which stays open.
   *
   * @throws SQLException when the catalog cannot be read; SQLState {@code 3F000} when the schema
   *     does not exist
   */
  public static SchemaReport verify(Connection connection, String schema) throws SQLException {
    Objects.requireNonNull(connection, "connection");
    return compare(SchemaModel.DEVDOX, LiveSchema.read(connection, schema));
  }

  static SchemaReport compare(SchemaModel model, LiveSchema live) {
    List<SchemaFinding> findings = new ArrayList<>();
    for (SchemaModel.Table expected : model.tables()) {
      Optional<LiveSchema.Table> actual = live.table(expected.name());
      if (actual.isEmpty()) {
        Character kind = live.relations.get(expected.name());
        findings.add(
            new SchemaFinding(
                Severity.FAILURE, Kind.TABLE_MISSING, expected.name(), null, null,
                "table", kind == null ? ABSENT : relationKind(kind),
                expected.name() + ": table is missing"
                    + (kind == null ? "" : " (a " + relationKind(kind) + " has its name)")));
        continue;
      }
      compareColumns(expected, actual.get(), findings);
      comparePrimaryKey(expected, actual.get(), findings);
      compareUniqueConstraints(expected, actual.get(), findings);
      compareIndexes(expected, actual.get(), findings);
      reportExtraConstraints(expected, actual.get(), findings);
    }
    for (String table : live.tables.keySet()) {
      if (model.table(table).isEmpty()) {
        findings.add(
            new SchemaFinding(
                Severity.NOTE, Kind.TABLE_EXTRA, table, null, null, ABSENT, "table",
                table + ": extra table, not in the model"));
      }
    }
    return new SchemaReport(live.database, live.schema, model.tables().size(), findings);
  }

  private static void compareColumns(
      SchemaModel.Table expected, LiveSchema.Table actual, List<SchemaFinding> findings) {
    String table = expected.name();
    for (SchemaModel.Column column : expected.columns()) {
      String where = table + "." + column.name();
      LiveSchema.Column live = actual.columns().get(column.name());
      if (live == null) {
        findings.add(
            new SchemaFinding(
                Severity.FAILURE, Kind.COLUMN_MISSING, table, column.name(), null,
                column.describe(), ABSENT,
                where + ": column is missing, expected " + column.describe()));
        continue;
      }
      if (!live.type().equals(column.type())) {
        findings.add(
            new SchemaFinding(
                Severity.FAILURE, Kind.COLUMN_TYPE, table, column.name(), null, column.type(),
                live.type(), where + ": type is " + live.type() + ", expected " + column.type()));
      }
      if (live.notNull() == column.nullable()) {
        String expectedWord = column.nullable() ? "NULL" : "NOT NULL";
        String actualWord = live.notNull() ? "NOT NULL" : "NULL";
        findings.add(
            new SchemaFinding(
                Severity.FAILURE, Kind.COLUMN_NULLABILITY, table, column.name(), null,
                expectedWord, actualWord,
                where + ": is " + (live.notNull() ? "NOT NULL" : "nullable") + ", expected "
                    + (column.nullable() ? "nullable" : "NOT NULL")));
      }
      compareDefault(table, column, live, findings);
    }
    for (LiveSchema.Column live : actual.columns().values()) {
      if (expected.column(live.name()).isPresent()) {
        continue;
      }
      boolean required = live.notNull() && !live.hasDefault();
      String where = table + "." + live.name();
      findings.add(
          new SchemaFinding(
              required ? Severity.FAILURE : Severity.NOTE, Kind.COLUMN_EXTRA, table, live.name(),
              null, ABSENT, live.describe(),
              where + ": extra column " + live.describe()
                  + (required
                      ? " without a default: the entities never write it, so their inserts fail;"
                          + " give it a default or make it nullable"
                      : ", not in the model")));
    }
  }

  private static void compareDefault(
      String table, SchemaModel.Column column, LiveSchema.Column live,
      List<SchemaFinding> findings) {
    String where = table + "." + column.name();
    if (!live.generated().isBlank()) {
      findings.add(
          new SchemaFinding(
              Severity.FAILURE, Kind.COLUMN_DEFAULT, table, column.name(), null,
              column.describe(), live.describe(),
              where + ": is a generated column (" + live.describe()
                  + "), which the entities cannot write"));
      return;
    }
    String actualDefault =
        !live.identity().isBlank()
            ? "GENERATED " + (live.identity().equals("a") ? "ALWAYS" : "BY DEFAULT")
                + " AS IDENTITY"
            : live.defaultSql() == null ? null : SqlText.withoutCasts(live.defaultSql());
    if (column.defaultSql() == null) {
      if (actualDefault != null) {
        findings.add(
            new SchemaFinding(
                Severity.NOTE, Kind.COLUMN_DEFAULT, table, column.name(), null, "no default",
                "DEFAULT " + actualDefault,
                where + ": has DEFAULT " + actualDefault + ", the model has none"));
      }
      return;
    }
    String expectedDefault = "DEFAULT " + column.defaultSql();
    if (actualDefault == null) {
      findings.add(
          new SchemaFinding(
              Severity.FAILURE, Kind.COLUMN_DEFAULT, table, column.name(), null, expectedDefault,
              "no default", where + ": has no default, expected " + expectedDefault));
    } else if (!live.identity().isBlank()
        || !SqlText.comparableDefault(live.defaultSql())
            .equals(SqlText.comparableDefault(column.defaultSql()))) {
      findings.add(
          new SchemaFinding(
              Severity.FAILURE, Kind.COLUMN_DEFAULT, table, column.name(), null, expectedDefault,
              "DEFAULT " + actualDefault,
              where + ": default is " + actualDefault + ", expected " + column.defaultSql()));
    }
  }

  private static void comparePrimaryKey(
      SchemaModel.Table expected, LiveSchema.Table actual, List<SchemaFinding> findings) {
    String table = expected.name();
    SchemaModel.Key key = expected.primaryKey();
    String wanted = key.name() + " " + key.columnList();
    Optional<LiveSchema.Constraint> live = actual.primaryKey();
    if (live.isEmpty()) {
      findings.add(
          new SchemaFinding(
              Severity.FAILURE, Kind.PRIMARY_KEY_MISSING, table, null, key.name(),
              "PRIMARY KEY " + wanted, ABSENT,
              table + ": primary key " + wanted + " is missing"));
      return;
    }
    String found = live.get().name() + " " + live.get().columnList();
    if (!found.equals(wanted)) {
      findings.add(
          new SchemaFinding(
              Severity.FAILURE, Kind.PRIMARY_KEY_DIFFERENT, table, null, live.get().name(),
              "PRIMARY KEY " + wanted, "PRIMARY KEY " + found,
              table + ": primary key is " + found + ", expected " + wanted));
    }
  }

  private static void compareUniqueConstraints(
      SchemaModel.Table expected, LiveSchema.Table actual, List<SchemaFinding> findings) {
    String table = expected.name();
    for (SchemaModel.Key key : expected.uniqueConstraints()) {
      Optional<LiveSchema.Constraint> live =
          actual.constraint(key.name()).filter(c -> c.type() == 'u');
      String wanted = "UNIQUE " + key.columnList();
      if (live.isEmpty()) {
        String hint = "";
        String found = ABSENT;
        Optional<LiveSchema.Index> sameName = actual.index(key.name());
        Optional<LiveSchema.Constraint> sameColumns =
            actual.constraints().stream()
                .filter(c -> c.type() == 'u' && c.columns().equals(key.columns()))
                .findFirst();
        if (sameName.isPresent()) {
          found = "index " + sameName.get().describe() + ", not a constraint";
          hint = "; an index of that name exists (" + sameName.get().describe()
              + "), but no constraint";
        } else if (sameColumns.isPresent()) {
          found = "constraint " + sameColumns.get().name() + " " + sameColumns.get().columnList();
          hint = "; the same columns are unique under the name " + sameColumns.get().name();
        }
        findings.add(
            new SchemaFinding(
                Severity.FAILURE, Kind.UNIQUE_CONSTRAINT_MISSING, table, null, key.name(), wanted,
                found, table + ": unique constraint " + key.name() + " " + key.columnList()
                    + " is missing" + hint));
      } else if (!live.get().columns().equals(key.columns())) {
        findings.add(
            new SchemaFinding(
                Severity.FAILURE, Kind.UNIQUE_CONSTRAINT_DIFFERENT, table, null, key.name(),
                wanted, "UNIQUE " + live.get().columnList(),
                table + ": unique constraint " + key.name() + " is on "
                    + live.get().columnList() + ", expected " + key.columnList()));
      }
    }
  }

  private static void compareIndexes(
      SchemaModel.Table expected, LiveSchema.Table actual, List<SchemaFinding> findings) {
    String table = expected.name();
    for (SchemaModel.Index index : expected.indexes()) {
      Optional<LiveSchema.Index> live = actual.index(index.name());
      if (live.isEmpty()) {
        Optional<LiveSchema.Index> equivalent =
            actual.indexes().stream().filter(i -> sameDefinition(index, i)).findFirst();
        findings.add(
            new SchemaFinding(
                Severity.FAILURE, Kind.INDEX_MISSING, table, null, index.name(), index.describe(),
                equivalent.map(i -> "index " + i.name() + " " + i.describe()).orElse(ABSENT),
                table + ": index " + index.name() + " is missing, expected "
                    + index.describe()
                    + equivalent
                        .map(i -> " (the same index exists under the name " + i.name() + ")")
                        .orElse("")));
        continue;
      }
      if (!sameDefinition(index, live.get()) || !live.get().valid()) {
        String found = live.get().describe();
        if (index.predicate() != null && live.get().predicate() == null) {
          found = found + " without a WHERE clause";
        }
        findings.add(
            new SchemaFinding(
                Severity.FAILURE, Kind.INDEX_DIFFERENT, table, null, index.name(),
                index.describe(), found,
                table + ": index " + index.name() + " is " + found + ", expected "
                    + index.describe()));
      }
    }
    // Names the model gives to indexes, and to constraints (whose index, if it stands alone, was
    // reported with the constraint).
    Set<String> expectedNames = new HashSet<>();
    expected.indexes().forEach(i -> expectedNames.add(i.name()));
    expected.uniqueConstraints().forEach(k -> expectedNames.add(k.name()));
    expectedNames.add(expected.primaryKey().name());
    for (LiveSchema.Index live : actual.indexes()) {
      if (live.primary() || live.constraint() != null || expectedNames.contains(live.name())) {
        continue;
      }
      findings.add(
          new SchemaFinding(
              Severity.NOTE, Kind.INDEX_EXTRA, table, null, live.name(), ABSENT, live.describe(),
              table + ": extra index " + live.name() + " " + live.describe()
                  + ", not in the model"));
    }
  }

  private static void reportExtraConstraints(
      SchemaModel.Table expected, LiveSchema.Table actual, List<SchemaFinding> findings) {
    String table = expected.name();
    Set<String> known = new HashSet<>();
    expected.uniqueConstraints().forEach(k -> known.add(k.name()));
    for (LiveSchema.Constraint constraint : actual.constraints()) {
      if (constraint.type() == 'p' || known.contains(constraint.name())) {
        continue;
      }
      if (constraint.type() == 'f') {
        findings.add(
            new SchemaFinding(
                Severity.FAILURE, Kind.FOREIGN_KEY, table, null, constraint.name(), ABSENT,
                constraint.definition(),
                table + ": foreign key " + constraint.name() + " " + constraint.definition()
                    + "; the contract has none (the Python services write and delete in orders"
                    + " it would reject): drop it"));
      } else {
        findings.add(
            new SchemaFinding(
                Severity.NOTE, Kind.CONSTRAINT_EXTRA, table, null, constraint.name(), ABSENT,
                constraint.definition(),
                table + ": extra constraint " + constraint.name() + " "
                    + constraint.definition() + ", not in the model"));
      }
    }
  }

  /** Same key columns, uniqueness, method (btree) and predicate, names aside. */
  static boolean sameDefinition(SchemaModel.Index expected, LiveSchema.Index live) {
    List<String> liveColumns = live.columns().stream().map(SqlText::unquoteIdentifier).toList();
    return live.method().equals("btree")
        && expected.unique() == live.unique()
        && expected.columns().equals(liveColumns)
        && Objects.equals(
            SqlText.comparablePredicate(expected.predicate()),
            SqlText.comparablePredicate(live.predicate()));
  }

  private static String relationKind(char kind) {
    return switch (kind) {
      case 'v' -> "view";
      case 'm' -> "materialized view";
      case 'f' -> "foreign table";
      case 'i', 'I' -> "index";
      case 'S' -> "sequence";
      default -> "relation of kind " + kind;
    };
  }
}
