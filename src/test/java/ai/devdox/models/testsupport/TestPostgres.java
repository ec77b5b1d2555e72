package ai.devdox.models.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one place that decides which PostgreSQL the tests use, in this order:
 *
 * <ol>
 *   <li>{@code DEVDOX_TEST_JDBC_URL} (with {@code DEVDOX_TEST_USER} and {@code
 *       DEVDOX_TEST_PASSWORD}) when set: a server someone runs for us (CI here);
 *   <li>a Testcontainers PostgreSQL 15 when a Docker engine answers;
 *   <li>an embedded PostgreSQL 15 (zonky) started in this JVM.
 * </ol>
 *
 * <p>Each test class asks for fresh databases ({@link #newDatabase}), so test classes and even
 * concurrent builds on one server never see each other's rows. Databases are dropped when the JVM
 * ends.
 */
public final class TestPostgres {

  public static final String URL_VARIABLE = "DEVDOX_TEST_JDBC_URL";
  public static final String USER_VARIABLE = "DEVDOX_TEST_USER";
  public static final String PASSWORD_VARIABLE = "DEVDOX_TEST_PASSWORD";

  private static Server server;

  private TestPostgres() {}

  /** Where the server came from, for test output. */
  public static synchronized String source() {
    return server().source;
  }

  /** A new, empty database on the test server. */
  public static TestDatabase newDatabase(String purpose) {
    Server s = server();
    String name = ("devdox_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8))
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    try (Connection admin = DriverManager.getConnection(s.adminUrl, s.user, s.password);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create a test database on " + s.source + ": " + e.getMessage(), e);
    }
    TestDatabase database = new TestDatabase(name, s.urlFor(name), s.user, s.password);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(s, name)));
    return database;
  }

  private static void drop(Server s, String name) {
    try (Connection admin = DriverManager.getConnection(s.adminUrl, s.user, s.password);
        Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException ignored) {
      // The server may already be gone (embedded, container) at JVM exit.
    }
  }

  private static synchronized Server server() {
    if (server == null) {
      server = start();
      System.out.println("Tests use PostgreSQL: " + server.source);
    }
    return server;
  }

  private static Server start() {
    String url = System.getenv(URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      String user = System.getenv().getOrDefault(USER_VARIABLE, "postgres");
      String password = System.getenv().getOrDefault(PASSWORD_VARIABLE, "");
      return new Server("server from " + URL_VARIABLE + " (" + url + ")", url, user, password);
    }
    if (dockerAvailable()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      return new Server("Testcontainers " + container.getJdbcUrl(), container.getJdbcUrl(),
          container.getUsername(), container.getPassword());
    }
    try {
      EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          embedded.close();
        } catch (Exception ignored) {
          // best effort at JVM exit
        }
      }));
      String embeddedUrl = embedded.getJdbcUrl("postgres", "postgres");
      return new Server("embedded PostgreSQL on port " + embedded.getPort(), embeddedUrl,
          "postgres", "");
    } catch (Exception e) {
      throw new IllegalStateException(
          "no PostgreSQL for the tests: " + URL_VARIABLE + " is not set, Docker is not available"
              + " and the embedded PostgreSQL did not start (" + e.getMessage() + ")", e);
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  /** A reachable PostgreSQL server and an account that may create databases. */
  private static final class Server {
    final String source;
    final String adminUrl;
    final String user;
    final String password;

    Server(String source, String adminUrl, String user, String password) {
      this.source = source;
      this.adminUrl = adminUrl;
      this.user = user;
      this.password = password;
    }

    String urlFor(String database) {
      // jdbc:postgresql://host:port/db?params -> same server and parameters, other database
      int start = adminUrl.indexOf("//");
      int slash = adminUrl.indexOf('/', start + 2);
      int query = adminUrl.indexOf('?', slash);
      String params = query < 0 ? "" : adminUrl.substring(query);
      return adminUrl.substring(0, slash + 1) + database + params;
    }
  }

  /** One database of the test server. */
  public record TestDatabase(String name, String jdbcUrl, String user, String password) {

    /** A plain pgjdbc data source (no pool) for this database. */
    public PGSimpleDataSource dataSource() {
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setUrl(jdbcUrl);
      ds.setUser(user);
      ds.setPassword(password);
      return ds;
    }

    /** A library configuration for this database. */
    public ai.devdox.models.bootstrap.DatabaseConfig.Builder config() {
      return ai.devdox.models.bootstrap.DatabaseConfig.builder()
          .jdbcUrl(jdbcUrl)
          .user(user)
          .password(password)
          .poolMax(4);
    }

    @Override
    public String toString() {
      return "TestDatabase{" + name + "}";
    }
  }
}
