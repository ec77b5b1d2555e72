package ai.devdox.models.schema;

/** Quoting of SQL identifiers. */
public final class SqlNames {

  private SqlNames() {}

  /** {@code name} as a quoted PostgreSQL identifier. */
  public static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
