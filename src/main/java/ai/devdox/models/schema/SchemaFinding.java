package ai.devdox.models.schema;

import java.util.Objects;

/**
 * One difference between a live database and the schema the entities expect.
 *
 * @param severity {@link Severity#FAILURE} when the Java side can break on it, {@link
 *     Severity#NOTE} when the database merely has more than the model (the Python side may be
 *     ahead)
 * @param kind what differs
 * @param table the table, unquoted
 * @param column the column, or null when the finding is not about one column
 * @param index the index or constraint name, or null when the finding is not about one
 * @param expected what the model expects, in SQL words ({@code varchar(255)}, {@code NOT NULL},
 *     {@code DEFAULT 'free'}, {@code UNIQUE (message_id) WHERE ...}); {@code absent} for an extra
 *     object
 * @param actual what the database has, in the same words; {@code absent} for a missing object
 * @param message the whole finding in one readable sentence, starting with the table or column
 */
public record SchemaFinding(
    Severity severity,
    Kind kind,
    String table,
    String column,
    String index,
    String expected,
    String actual,
    String message) {

  /** How much a finding matters. */
  public enum Severity {
    /** The database differs in a way the entities or the claim protocol can break on. */
    FAILURE,
    /** The database has something the model does not: reported, not a failure. */
    NOTE
  }

  /** What a finding is about. */
  public enum Kind {
    /** A table of the model does not exist. */
    TABLE_MISSING,
    /** A table that is not in the model. */
    TABLE_EXTRA,
    /** A column of the model does not exist. */
    COLUMN_MISSING,
    /**
     * A column that is not in the model: a note, or a failure when it is NOT NULL without a
     * default (the entities never write it, so their inserts fail).
     */
    COLUMN_EXTRA,
    /** A column's type or length differs. */
    COLUMN_TYPE,
    /** A column is nullable where the model says NOT NULL, or the other way round. */
    COLUMN_NULLABILITY,
    /** A column's default is missing or different (or present where the model has none: a note). */
    COLUMN_DEFAULT,
    /** The table has no primary key. */
    PRIMARY_KEY_MISSING,
    /** The primary key has another name or other columns. */
    PRIMARY_KEY_DIFFERENT,
    /** A unique constraint of the model does not exist under its name. */
    UNIQUE_CONSTRAINT_MISSING,
    /** A unique constraint exists under its name on other columns. */
    UNIQUE_CONSTRAINT_DIFFERENT,
    /** An index of the model (the custom partial index included) does not exist under its name. */
    INDEX_MISSING,
    /** An index exists under its name with other columns, uniqueness, method or predicate. */
    INDEX_DIFFERENT,
    /** An index that is not in the model. */
    INDEX_EXTRA,
    /** A unique, check or exclusion constraint that is not in the model. */
    CONSTRAINT_EXTRA,
    /** A foreign key: the contract has none, the Python services write in orders it rejects. */
    FOREIGN_KEY
  }

  /** Checks the parts that are always there. */
  public SchemaFinding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(message, "message");
  }

  /** Whether this finding is a failure. */
  public boolean isFailure() {
    return severity == Severity.FAILURE;
  }

  /** The finding as one line: {@code FAILURE  repo.repo_name: type is varchar(100), ...}. */
  public String line() {
    return String.format("%-8s %s", severity, message);
  }

  @Override
  public String toString() {
    return line();
  }
}
