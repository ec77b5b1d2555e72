package ai.devdox.models.bootstrap;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Keeps credentials out of anything printed about a connection. */
public final class JdbcUrls {

  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)((?:password|sslpassword|sslkey)=)[^&;\\s]*");
  private static final Pattern USER_INFO = Pattern.compile("(//)[^/@\\s]*@");

  private JdbcUrls() {}

  /** {@code url} with passwords and user-info credentials replaced by {@code ***}. */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    String redacted = SECRET_PARAMETER.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(redacted).replaceAll("$1***@");
  }

  static Map<String, String> redactProperties(Map<String, String> properties) {
    Map<String, String> copy = new LinkedHashMap<>();
    properties.forEach(
        (name, value) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          boolean secret = lower.contains("password") || lower.equals("sslkey");
          copy.put(name, secret ? "***" : value);
        });
    return copy;
  }
}
