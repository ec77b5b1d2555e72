package ai.devdox.models.bootstrap;

/**
 * Every connection of the pool stayed busy for the whole wait (the configured connect timeout), so
 * the transaction did not start and nothing was written. The message names the pool size. Raise
 * {@link DatabaseConfig.Builder#poolMax(int)}, shorten the transactions that hold connections, or
 * run fewer at once.
 */
public class DevdoxPoolExhaustedException extends DevdoxDatabaseException {

  private static final long serialVersionUID = 1L;

  private final int poolMax;

  /** The pool of {@code poolMax} connections (0 if unknown) had none free. */
  public DevdoxPoolExhaustedException(String message, int poolMax, Throwable cause) {
    super(message, cause);
    this.poolMax = poolMax;
  }

  /** The pool's maximum size, or 0 when it could not be told. */
  public int poolMax() {
    return poolMax;
  }
}
