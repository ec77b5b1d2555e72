package ai.devdox.models.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Runs SQL files from the test resources. */
public final class SqlScripts {

  /** The schema as the Python services create it (see the file's header). */
  public static final String PYTHON_MODELS = "/schema/python-models.sql";

  private SqlScripts() {}

  /** Runs the whole script at {@code resource} as one multi-statement execution. */
  public static void run(DataSource dataSource, String resource) throws SQLException {
    String sql = read(resource);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The text of a test resource. */
  public static String read(String resource) {
    try (InputStream in = SqlScripts.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
