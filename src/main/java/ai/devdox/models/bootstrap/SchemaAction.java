package ai.devdox.models.bootstrap;

/** What {@link DevdoxDatabase} does to the schema when it starts. */
public enum SchemaAction {
  /** Touch nothing: the database is managed elsewhere (Flyway, Liquibase, the Python services). */
  NONE,
  /**
   * Check the database against the entities with {@link ai.devdox.models.schema.SchemaVerifier}:
   * tables, columns (type, length, nullability, default), primary keys, unique constraints and
   * indexes, the custom partial index included; fail at start-up on any failure. Notes (extra
   * tables, columns or indexes) are allowed.
   */
  VALIDATE,
  /**
   * Create what is missing with {@link ai.devdox.models.schema.SchemaApplier}, in one transaction:
   * the schema, tables, columns, primary keys, unique constraints, indexes and the custom indexes.
   * Never drops or alters anything that exists.
   */
  CREATE_MISSING;

  /** Parses {@code none}, {@code validate} or {@code create-missing} (any case, - or _). */
  public static SchemaAction parse(String text) {
    String normalized = text == null ? "" : text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    for (SchemaAction action : values()) {
      if (action.name().equals(normalized)) {
        return action;
      }
    }
    throw new IllegalArgumentException(
        "unknown schema action '" + text + "'; use none, validate or create-missing");
  }
}
