package ai.devdox.models.tool;

import ai.devdox.models.bootstrap.JdbcUrls;

/** Keeps passwords out of what the tool prints, even when a message echoes an argument. */
final class Secrets {

  private Secrets() {}

  /**
   * {@code text} with every password given in {@code args} ({@code --password X}, {@code
   * --password=X}) and every credential inside a URL replaced by {@code ***}.
   */
  static String scrub(String text, String[] args) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String secret = null;
      if (arg.equals("--password") && i + 1 < args.length) {
        secret = args[i + 1];
      } else if (arg.startsWith("--password=")) {
        secret = arg.substring("--password=".length());
      }
      if (secret != null && !secret.isEmpty() && !secret.startsWith("--")) {
        result = result.replace(secret, "***");
      }
    }
    String password = System.getenv(ConnectionOptions.PASSWORD_VARIABLE);
    if (password != null && !password.isEmpty()) {
      result = result.replace(password, "***");
    }
    return JdbcUrls.redact(result);
  }
}
