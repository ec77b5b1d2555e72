package ai.devdox.models.testsupport;

import ai.devdox.models.bootstrap.DatabaseConfig;
import ai.devdox.models.bootstrap.SslMode;
import ai.devdox.models.testsupport.TestPostgres.TestDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real PgBouncer in transaction pooling mode in front of the tests' PostgreSQL, the stand-in for
 * Supabase's transaction pooler (port 6543). Started once per JVM on a free loopback port, as a
 * child process, from a {@code pgbouncer.ini} and a user list written to a temporary directory;
 * stopped at JVM exit.
 *
 * <p>Its configuration is PgBouncer's default plus {@code ignore_startup_parameters =
 * extra_float_digits}, the usual line for JDBC clients, and SCRAM authentication of one client
 * user, {@link #CLIENT_USER}, with a password only this JVM knows. Every client database name is
 * forwarded to the same name on the server ({@code * =}), so each test database is reachable
 * through it. PgBouncer refuses to run as root: as root it is started with {@code -u postgres}.
 *
 * <p>Needs the {@code pgbouncer} executable (Debian/Ubuntu package {@code pgbouncer}); the tests
 * that use it are tagged {@code pooler} and run with Maven's {@code -Ppooler}.
 */
public final class TestPgBouncer {

  /** The project reference the Supabase pooler preset is given. */
  public static final String PROJECT_REF = "devdoxtest";

  /** The client user the preset makes of {@link #PROJECT_REF}: {@code postgres.devdoxtest}. */
  public static final String CLIENT_USER = "postgres." + PROJECT_REF;

  /** Server connections PgBouncer keeps per database: fewer than a test pool's connections. */
  public static final int SERVER_POOL_SIZE = 2;

  private static Instance instance;

  private TestPgBouncer() {}

  /**
   * A library configuration reaching {@code database} through PgBouncer: the Supabase pooler preset
   * ({@link DatabaseConfig#supabasePooler}) pointed at the local PgBouncer, without SSL.
   */
  public static DatabaseConfig.Builder config(TestDatabase database) {
    Instance bouncer = instance(database);
    return DatabaseConfig.supabasePooler("127.0.0.1", PROJECT_REF)
        .port(bouncer.port)
        .database(database.name())
        .password(bouncer.clientPassword)
        .sslMode(SslMode.DISABLE)
        .poolMax(4);
  }

  /** The password of {@link #CLIENT_USER}, to plant in secret-leak tests. */
  public static String clientPassword(TestDatabase database) {
    return instance(database).clientPassword;
  }

  /** The loopback port PgBouncer listens on. */
  public static int port(TestDatabase database) {
    return instance(database).port;
  }

  private static synchronized Instance instance(TestDatabase database) {
    if (instance == null) {
      instance = start(database);
    }
    return instance;
  }

  private static Instance start(TestDatabase database) {
    String executable = executable();
    URI server = URI.create(database.jdbcUrl().substring("jdbc:".length()));
    String host = server.getHost() == null ? "127.0.0.1" : server.getHost();
    int serverPort = server.getPort() < 0 ? 5432 : server.getPort();
    try {
      Path dir = Files.createTempDirectory("devdox-pgbouncer-");
      int port = PrivatePostgres.freePort();
      String clientPassword = "pooler-" + UUID.randomUUID();
      String serverLogin =
          "user=" + database.user()
              + (database.password() == null || database.password().isEmpty()
                  ? ""
                  : " password=" + database.password());
      Files.writeString(
          dir.resolve("userlist.txt"),
          "\"" + CLIENT_USER + "\" \"" + clientPassword + "\"\n",
          StandardCharsets.UTF_8);
      Path ini = dir.resolve("pgbouncer.ini");
      Files.writeString(
          ini,
          String.join(
              "\n",
              "[databases]",
              "* = host=" + host + " port=" + serverPort + " " + serverLogin,
              "",
              "[pgbouncer]",
              "listen_addr = 127.0.0.1",
              "listen_port = " + port,
              "unix_socket_dir =",
              "auth_type = scram-sha-256",
              "auth_file = " + dir.resolve("userlist.txt"),
              "admin_users = " + CLIENT_USER,
              "pool_mode = transaction",
              "default_pool_size = " + SERVER_POOL_SIZE,
              "max_client_conn = 200",
              "ignore_startup_parameters = extra_float_digits",
              ""),
          StandardCharsets.UTF_8);
      List<String> command = new ArrayList<>(List.of(executable));
      if (PrivatePostgres.isRoot()) {
        // PgBouncer refuses to run as root; it drops to this user after reading its files.
        command.addAll(List.of("-u", "postgres"));
        for (Path file : List.of(dir, ini, dir.resolve("userlist.txt"))) {
          new ProcessBuilder("chown", "postgres", file.toString()).inheritIO().start().waitFor();
        }
      }
      command.add(ini.toString());
      Path log = dir.resolve("pgbouncer.log");
      Process process =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      waitUntilListening(process, port, log);
      return new Instance(port, clientPassword);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start PgBouncer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted starting PgBouncer", e);
    }
  }

  private static void waitUntilListening(Process process, int port, Path log)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "PgBouncer exited at start (code " + process.exitValue() + "):\n"
                + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    process.destroy();
    throw new IllegalStateException(
        "PgBouncer did not listen on port " + port + " within 20 s:\n" + Files.readString(log));
  }

  private static String executable() {
    for (String candidate : List.of("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer",
        "/usr/local/bin/pgbouncer", "/opt/homebrew/bin/pgbouncer")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(entry, "pgbouncer");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        "the pooler tests need PgBouncer, which is not installed: apt-get install pgbouncer"
            + " (brew install pgbouncer on macOS), or run the suite without -Ppooler");
  }

  private record Instance(int port, String clientPassword) {}
}
