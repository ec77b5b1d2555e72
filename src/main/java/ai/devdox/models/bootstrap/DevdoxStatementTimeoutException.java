package ai.devdox.models.bootstrap;

/**
 * PostgreSQL cancelled a statement because it ran longer than the statement timeout
 * ({@link DatabaseConfig.Builder#statementTimeout(java.time.Duration)}). The transaction was rolled
 * back; nothing of it was written.
 */
public class DevdoxStatementTimeoutException extends DevdoxDatabaseException {

  private static final long serialVersionUID = 1L;

  /** A statement cancelled by the statement timeout. */
  public DevdoxStatementTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
