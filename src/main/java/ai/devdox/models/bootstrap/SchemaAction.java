package ai.devdox.models.bootstrap;

/** What {@link DevdoxDatabase} does to the schema when it starts. */
public enum SchemaAction {
  /** Touch nothing: the database is managed elsewhere (Flyway, Liquibase, the Python services). */
  NONE,
  /**
   * Check that every table and column the entities map exists with a compatible type (Hibernate's
   * schema validation) and that the custom indexes exist; fail at start-up otherwise.
   */
  VALIDATE,
  /**
   * Create what is missing: the schema, tables, columns, indexes, unique constraints and the
   * custom indexes. Never drops or alters anything that exists.
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
