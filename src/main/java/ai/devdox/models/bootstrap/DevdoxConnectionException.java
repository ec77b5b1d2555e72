package ai.devdox.models.bootstrap;

/**
 * The connection to PostgreSQL was lost while a transaction ran (the server restarted or crashed,
 * the network or a pooler dropped it), or no connection could be opened because the server is
 * unreachable.
 *
 * <p>When {@link #commitOutcomeUnknown()} is false the transaction did not commit: PostgreSQL rolls
 * back every transaction whose connection ends, so nothing of it was written and running it again is
 * safe. When it is true the connection broke while the commit itself was under way: the
 * transaction may or may not have committed, so look for its rows before running it again. The pool
 * replaces broken connections by itself; the next transaction gets a fresh one once the server
 * answers again.
 */
public class DevdoxConnectionException extends DevdoxDatabaseException {

  private static final long serialVersionUID = 1L;

  private final boolean commitOutcomeUnknown;

  /** A lost or impossible connection; see {@link #commitOutcomeUnknown()}. */
  public DevdoxConnectionException(String message, boolean commitOutcomeUnknown, Throwable cause) {
    super(message, cause);
    this.commitOutcomeUnknown = commitOutcomeUnknown;
  }

  /**
   * Whether the connection broke during the commit, so that the transaction may have committed.
   * False means it certainly did not.
   */
  public boolean commitOutcomeUnknown() {
    return commitOutcomeUnknown;
  }
}
