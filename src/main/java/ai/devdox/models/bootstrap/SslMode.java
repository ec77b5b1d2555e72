package ai.devdox.models.bootstrap;

import java.util.Locale;

/** PostgreSQL JDBC's {@code sslmode} values. */
public enum SslMode {
  DISABLE("disable"),
  ALLOW("allow"),
  PREFER("prefer"),
  REQUIRE("require"),
  VERIFY_CA("verify-ca"),
  VERIFY_FULL("verify-full");

  private final String word;

  SslMode(String word) {
    this.word = word;
  }

  /** The value of the JDBC {@code sslmode} property. */
  public String word() {
    return word;
  }

  /** Parses a {@code sslmode} word such as {@code require} or {@code verify-full}. */
  public static SslMode parse(String text) {
    String normalized = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (SslMode mode : values()) {
      if (mode.word.equals(normalized)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown SSL mode '" + text
            + "'; use disable, allow, prefer, require, verify-ca or verify-full");
  }
}
