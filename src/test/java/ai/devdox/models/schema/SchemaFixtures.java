package ai.devdox.models.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** SQL scripts the schema tests load. */
public final class SchemaFixtures {

  /** The resource that stands for the schema the Python services create. */
  public static final String PYTHON_MODELS = "/schema/python-models.sql";

  private SchemaFixtures() {}

  /** The text of {@link #PYTHON_MODELS}. */
  public static String pythonModelsSql() {
    try (InputStream in = SchemaFixtures.class.getResourceAsStream(PYTHON_MODELS)) {
      if (in == null) {
        throw new IllegalStateException(PYTHON_MODELS + " is missing from the test resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code sql} (one or more statements) in one transaction. */
  public static void run(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
      connection.commit();
    }
  }
}
