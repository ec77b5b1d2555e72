package ai.devdox.models.bootstrap;

/**
 * A failure the library reports in words a person can act on. Thrown as such when
 * {@link DevdoxDatabase} cannot start (the database is unreachable, refused the credentials, does
 * not exist, or its schema does not match); its subclasses name failures of running work:
 * {@link DevdoxConnectionException}, {@link DevdoxPoolExhaustedException},
 * {@link DevdoxStatementTimeoutException} and {@link DevdoxInvalidDataException}. The message
 * never contains a password or a secret column's value.
 */
public class DevdoxDatabaseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public DevdoxDatabaseException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public DevdoxDatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
