package ai.devdox.models.bootstrap;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Keeps credentials out of anything printed about a connection. */
public final class JdbcUrls {

  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)((?:password|sslpassword|sslkey)=)[^&;\\s]*");
  private static final Pattern SECRET_QUERY_PAIR =
      Pattern.compile("(?i)^(password|sslpassword)=(.*)$");
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

  /**
   * {@code url} without its {@code password} and {@code sslpassword} query parameters, and those
   * parameters (URL-decoded) by name. The pool connects with the URL that remains and passes the
   * secrets as connection properties, because the driver logs the URL it connects with and
   * Hibernate logs the URL the driver reports.
   */
  static Map.Entry<String, Map<String, String>> splitSecrets(String url) {
    Map<String, String> secrets = new LinkedHashMap<>();
    int query = url == null ? -1 : url.indexOf('?');
    if (query < 0) {
      return Map.entry(url, secrets);
    }
    StringBuilder kept = new StringBuilder();
    for (String pair : url.substring(query + 1).split("&")) {
      java.util.regex.Matcher m = SECRET_QUERY_PAIR.matcher(pair);
      if (m.matches()) {
        secrets.put(
            m.group(1).toLowerCase(Locale.ROOT),
            java.net.URLDecoder.decode(m.group(2), java.nio.charset.StandardCharsets.UTF_8));
      } else if (!pair.isEmpty()) {
        kept.append(kept.length() == 0 ? "?" : "&").append(pair);
      }
    }
    return Map.entry(url.substring(0, query) + kept, secrets);
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
