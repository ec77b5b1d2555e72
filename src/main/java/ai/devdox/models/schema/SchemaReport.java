package ai.devdox.models.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link SchemaVerifier#verify}: every {@link SchemaFinding}, failures and notes,
 * in the order of the model's tables. The database matches when there is no failure; notes (extra
 * tables, columns, indexes) do not count against it.
 */
public final class SchemaReport {

  private final String database;
  private final String schema;
  private final int tablesChecked;
  private final List<SchemaFinding> findings;

  SchemaReport(String database, String schema, int tablesChecked, List<SchemaFinding> findings) {
    this.database = database;
    this.schema = schema;
    this.tablesChecked = tablesChecked;
    this.findings = List.copyOf(findings);
  }

  /** The database that was read. */
  public String database() {
    return database;
  }

  /** The schema that was read (the current schema's name when none was given). */
  public String schema() {
    return schema;
  }

  /** How many tables of the model were compared. */
  public int tablesChecked() {
    return tablesChecked;
  }

  /** Every finding, failures and notes, in the model's table order. */
  public List<SchemaFinding> findings() {
    return findings;
  }

  /** The findings that make the database not match. */
  public List<SchemaFinding> failures() {
    return findings.stream().filter(SchemaFinding::isFailure).toList();
  }

  /** The findings that are only notes. */
  public List<SchemaFinding> notes() {
    return findings.stream().filter(f -> !f.isFailure()).toList();
  }

  /** Whether the database matches the model: no failure (notes allowed). */
  public boolean matches() {
    return findings.stream().noneMatch(SchemaFinding::isFailure);
  }

  /**
   * One line: {@code MATCH: 0 failures, 1 note in schema public of database app (6 tables
   * checked)}, or {@code DRIFT: ...}.
   */
  public String summary() {
    int failures = failures().size();
    int notes = findings.size() - failures;
    return (failures == 0 ? "MATCH" : "DRIFT") + ": " + plural(failures, "failure") + ", "
        + plural(notes, "note") + " in schema " + schema + " of database " + database + " ("
        + tablesChecked + " tables checked)";
  }

  /** One line per finding, then the {@link #summary()}. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    findings.forEach(f -> lines.add(f.line()));
    lines.add(summary());
    return lines;
  }

  /** The report as JSON: database, schema, matches, counts, summary and every finding. */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("database", database);
    json.put("schema", schema);
    json.put("matches", matches());
    json.put("failures", failures().size());
    json.put("notes", notes().size());
    json.put("tablesChecked", tablesChecked);
    json.put("summary", summary());
    List<Map<String, Object>> items = new ArrayList<>();
    for (SchemaFinding f : findings) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("severity", f.severity().name());
      item.put("kind", f.kind().name());
      item.put("table", f.table());
      item.put("column", f.column());
      item.put("index", f.index());
      item.put("expected", f.expected());
      item.put("actual", f.actual());
      item.put("message", f.message());
      items.add(item);
    }
    json.put("findings", items);
    try {
      return Json.MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write the schema report as JSON", e);
    }
  }

  @Override
  public String toString() {
    return String.join(System.lineSeparator(), lines());
  }

  /** Made on first use: most reports are never written as JSON. */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  private static String plural(int count, String word) {
    return count + " " + word + (count == 1 ? "" : "s");
  }
}
