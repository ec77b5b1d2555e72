package ai.devdox.models.bootstrap;

import java.util.List;

/**
 * An entity holds a value its column cannot take: too long for a {@code varchar(N)}, or null in a
 * required column. Reported the same way whether Bean Validation caught it before the write or
 * PostgreSQL refused the row, e.g. {@code repo.repo_alias_name is limited to 100 characters, got
 * 101}. The transaction was rolled back; fix the value and write again. The message never contains
 * the value itself, only its length.
 */
public class DevdoxInvalidDataException extends DevdoxDatabaseException {

  private static final long serialVersionUID = 1L;

  private final List<String> columns;

  /** Bad values in {@code columns} ({@code table.column} each). */
  public DevdoxInvalidDataException(String message, List<String> columns, Throwable cause) {
    super(message, cause);
    this.columns = List.copyOf(columns);
  }

  /**
   * The offending columns as {@code table.column}; empty when PostgreSQL's error did not tell
   * which column it was and no entity in reach held the value.
   */
  public List<String> columns() {
    return columns;
  }
}
