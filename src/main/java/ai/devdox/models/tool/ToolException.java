package ai.devdox.models.tool;

/** Bad input or a failed step, as one sentence that says what to do; exit code 2. */
final class ToolException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ToolException(String message) {
    super(message);
  }

  ToolException(String message, Throwable cause) {
    super(message, cause);
  }
}
