package ai.devdox.models.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * EXPLAIN (FORMAT JSON) of the SQL Hibernate generated, with parameter values: the statement is
 * prepared as written (its {@code ?} markers numbered), the parameter types PostgreSQL inferred
 * are read back, and each is given the next test value of a fitting Java type, so the same code
 * works whatever order Hibernate puts limit and offset in.
 */
final class Plans {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Plans() {}

  /** A plan's nodes, flattened. */
  record Plan(String sql, JsonNode json, List<JsonNode> nodes) {

    Set<String> indexes() {
      Set<String> names = new LinkedHashSet<>();
      for (JsonNode node : nodes) {
        if (node.has("Index Name")) {
          names.add(node.get("Index Name").asText());
        }
      }
      return names;
    }

    Set<String> seqScans() {
      Set<String> tables = new LinkedHashSet<>();
      for (JsonNode node : nodes) {
        if ("Seq Scan".equals(node.path("Node Type").asText())) {
          tables.add(node.path("Relation Name").asText());
        }
      }
      return tables;
    }

    /** One line per node, for the test output. */
    String summary() {
      List<String> parts = new ArrayList<>();
      for (JsonNode node : nodes) {
        String part = node.path("Node Type").asText();
        if (node.has("Index Name")) {
          part += " using " + node.get("Index Name").asText();
        } else if (node.has("Relation Name")) {
          part += " on " + node.get("Relation Name").asText();
        }
        parts.add(part);
      }
      return String.join(" > ", parts);
    }
  }

  static Plan explain(DataSource dataSource, String sql, Object... values) {
    String numbered = number(sql);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("PREPARE devdox_plan AS " + numbered);
      try {
        List<String> types = new ArrayList<>();
        try (ResultSet rows =
            statement.executeQuery(
                "select parameter_types from pg_prepared_statements where name = 'devdox_plan'")) {
          rows.next();
          Array array = rows.getArray(1);
          for (Object type : (Object[]) array.getArray()) {
            types.add(type.toString());
          }
        }
        String execute = "EXPLAIN (FORMAT JSON) EXECUTE devdox_plan" + arguments(types, values);
        try (ResultSet rows = statement.executeQuery(execute)) {
          rows.next();
          JsonNode json = JSON.readTree(rows.getString(1));
          List<JsonNode> nodes = new ArrayList<>();
          collect(json.get(0).get("Plan"), nodes);
          return new Plan(sql, json, nodes);
        }
      } finally {
        statement.execute("DEALLOCATE devdox_plan");
      }
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("cannot explain " + sql + ": " + e.getMessage(), e);
    }
  }

  private static void collect(JsonNode node, List<JsonNode> nodes) {
    nodes.add(node);
    for (JsonNode child : node.path("Plans")) {
      collect(child, nodes);
    }
  }

  /** Turns JDBC's {@code ?} markers into PostgreSQL's {@code $1, $2, ...}. */
  private static String number(String sql) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    boolean quoted = false;
    for (char c : sql.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      }
      if (c == '?' && !quoted) {
        out.append('$').append(++n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** SQL literals for each parameter type, taking values in order by fitting Java type. */
  private static String arguments(List<String> types, Object[] values) {
    if (types.isEmpty()) {
      if (values.length > 0) {
        throw new IllegalArgumentException("statement takes no parameters, given "
            + Arrays.toString(values));
      }
      return "";
    }
    List<Object> left = new ArrayList<>(Arrays.asList(values));
    List<String> literals = new ArrayList<>();
    for (String type : types) {
      Class<?> wanted = switch (type) {
        case "character varying", "text" -> String.class;
        case "uuid" -> UUID.class;
        case "integer", "bigint", "smallint" -> Number.class;
        case "timestamp with time zone" -> Instant.class;
        case "boolean" -> Boolean.class;
        default -> throw new IllegalArgumentException("no test value kind for type " + type);
      };
      Object value = left.stream().filter(wanted::isInstance).findFirst().orElseThrow(
          () -> new IllegalArgumentException("no " + wanted.getSimpleName() + " value left for a "
              + type + " parameter in " + Arrays.toString(values) + " (types " + types + ")"));
      left.remove(value);
      literals.add(
          value instanceof Number || value instanceof Boolean
              ? value.toString()
              : "'" + value.toString().replace("'", "''") + "'");
    }
    if (!left.isEmpty()) {
      throw new IllegalArgumentException("values " + left + " fit no parameter (types " + types
          + ")");
    }
    return "(" + String.join(", ", literals) + ")";
  }
}
