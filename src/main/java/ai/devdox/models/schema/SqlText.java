package ai.devdox.models.schema;

import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normal forms of the SQL fragments the verifier compares, so that what the contract writes and
 * what PostgreSQL prints back compare equal: {@code character varying(255)} is
 * {@code varchar(255)}, {@code 'free'::character varying} is {@code 'free'}, and the deparsed
 * {@code ((status)::text = ANY ((ARRAY['pending'::character varying, ...])::text[]))} is
 * {@code status IN ('pending', ...)}. String literals are never changed.
 */
final class SqlText {

  private static final Pattern CAST =
      Pattern.compile(
          "::\\s*(?:\"[^\"]+\"|[a-z_][a-z0-9_]*"
              + "(?:\\s+varying|\\s+precision)?)"
              + "(?:\\(\\s*\\d+(?:\\s*,\\s*\\d+)?\\s*\\))?"
              + "(?:\\s+with(?:out)?\\s+time\\s+zone)?"
              + "(?:\\s*\\[\\s*\\])*",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern VARCHAR =
      Pattern.compile("^(?:character varying|varchar)\\s*(\\(\\s*\\d+\\s*\\))?$");
  private static final Pattern TIMESTAMPTZ =
      Pattern.compile("^(?:timestamp\\s*(\\(\\s*\\d+\\s*\\))?\\s+with time zone|timestamptz"
          + "\\s*(\\(\\s*\\d+\\s*\\))?)$");
  private static final Pattern TIMESTAMP =
      Pattern.compile("^timestamp\\s*(\\(\\s*\\d+\\s*\\))?(?:\\s+without time zone)?$");

  private SqlText() {}

  /**
   * PostgreSQL's short word for a type: {@code varchar(255)}, {@code timestamptz}, {@code
   * integer}, {@code boolean}. Precision 6 of a timestamp is the default and is dropped.
   */
  static String shortType(String type) {
    String t = type.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    Matcher m = VARCHAR.matcher(t);
    if (m.matches()) {
      return m.group(1) == null ? "varchar" : "varchar" + m.group(1).replace(" ", "");
    }
    m = TIMESTAMPTZ.matcher(t);
    if (m.matches()) {
      return "timestamptz" + precision(m.group(1) != null ? m.group(1) : m.group(2));
    }
    m = TIMESTAMP.matcher(t);
    if (m.matches()) {
      return "timestamp" + precision(m.group(1));
    }
    return switch (t) {
      case "int", "int4" -> "integer";
      case "int8" -> "bigint";
      case "int2" -> "smallint";
      case "bool" -> "boolean";
      case "float8" -> "double precision";
      default -> t;
    };
  }

  private static String precision(String group) {
    if (group == null) {
      return "";
    }
    String digits = group.replaceAll("[^0-9]", "");
    return digits.equals("6") ? "" : "(" + digits + ")";
  }

  /** A default or predicate without its type casts, for display: {@code 'free'}. */
  static String withoutCasts(String sql) {
    if (sql == null) {
      return null;
    }
    return outsideLiterals(sql, part -> CAST.matcher(part).replaceAll("")).trim();
  }

  /**
   * The comparable form of a column default: casts removed, keywords lower case, {@code now()}
   * and {@code CURRENT_TIMESTAMP} the same (they are, for a {@code timestamptz} column), outer
   * parentheses gone.
   */
  static String comparableDefault(String sql) {
    if (sql == null) {
      return null;
    }
    String s =
        outsideLiterals(
            withoutCasts(sql),
            part ->
                part.toLowerCase(Locale.ROOT)
                    .replace("\"", "")
                    .replaceAll("\\s+", " ")
                    .replaceAll("\\btransaction_timestamp\\s*\\(\\s*\\)", "current_timestamp")
                    .replaceAll("\\bnow\\s*\\(\\s*\\)", "current_timestamp"))
            .trim();
    while (s.startsWith("(") && s.endsWith(")")) {
      s = s.substring(1, s.length() - 1).trim();
    }
    return s;
  }

  /**
   * The comparable form of an index predicate: casts, quotes and grouping removed, keywords lower
   * case, {@code x = ANY (ARRAY[a, b])} written {@code x in a,b} like {@code x IN (a, b)}. Grouping
   * parentheses are dropped, which is exact for the library's predicates (one {@code IN} list).
   */
  static String comparablePredicate(String sql) {
    if (sql == null) {
      return null;
    }
    String s =
        outsideLiterals(
            withoutCasts(sql),
            part ->
                part.toLowerCase(Locale.ROOT)
                    .replace("\"", "")
                    .replaceAll("[()\\[\\]]", " "));
    s =
        outsideLiterals(
            s,
            part ->
                part.replaceAll("\\s+", " ")
                    .replaceAll("=\\s*any\\s+array\\b", " in ")
                    .replaceAll("<>\\s*all\\s+array\\b", " not in ")
                    .replaceAll("\\s+", " ")
                    .replaceAll("\\s*,\\s*", ","));
    return s.trim();
  }

  /** An identifier as PostgreSQL prints it in a column list, without quotes. */
  static String unquoteIdentifier(String name) {
    if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
      return name.substring(1, name.length() - 1).replace("\"\"", "\"");
    }
    return name;
  }

  /** Applies {@code change} to the text between string literals; literals stay as they are. */
  static String outsideLiterals(String sql, UnaryOperator<String> change) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      int quote = sql.indexOf('\'', i);
      if (quote < 0) {
        out.append(change.apply(sql.substring(i)));
        break;
      }
      out.append(change.apply(sql.substring(i, quote)));
      int end = quote + 1;
      while (end < n) {
        if (sql.charAt(end) == '\'') {
          if (end + 1 < n && sql.charAt(end + 1) == '\'') {
            end += 2;
            continue;
          }
          break;
        }
        end++;
      }
      end = Math.min(end, n - 1);
      out.append(sql, quote, end + 1);
      i = end + 1;
    }
    return out.toString();
  }
}
