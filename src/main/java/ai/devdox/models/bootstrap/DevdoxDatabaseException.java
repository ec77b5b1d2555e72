package ai.devdox.models.bootstrap;

/**
 * {@link DevdoxDatabase} could not start: the database is unreachable, refused the credentials, does
 * not exist, or its schema does not match. The message names the problem and what to do; it never
 * contains a password.
 */
public class DevdoxDatabaseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DevdoxDatabaseException(String message) {
    super(message);
  }

  public DevdoxDatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
