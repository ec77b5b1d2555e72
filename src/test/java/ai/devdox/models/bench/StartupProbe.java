package ai.devdox.models.bench;

import ai.devdox.models.bootstrap.DatabaseConfig;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * W5: the time from nothing to a first query, measured in a JVM of its own so nothing is loaded
 * or warmed before. {@code main("lib")} starts the library from the environment
 * ({@code DEVDOX_DB_URL}, {@code DEVDOX_DB_USER}, {@code DEVDOX_DB_PASSWORD}), exactly as a service
 * would, and runs a first JPQL query; {@code main("jdbc")} opens a plain connection and runs the
 * same query. Each prints {@code STARTUP_MS <ms> PEAK_HEAP_MB <mb>}, timed from the start of
 * {@code main}.
 */
public final class StartupProbe {

  private static final String PREFIX = "STARTUP_MS ";

  private StartupProbe() {}

  /**
   * Runs one probe; {@code args[0]} is {@code lib} or {@code jdbc}.
   *
   * @param args the side to start
   * @throws Exception when the database cannot be reached
   */
  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    HeapPeak heap = HeapPeak.now();
    int rows;
    if (args.length == 1 && args[0].equals("lib")) {
      rows = LibraryWorkloads.startAndFirstQuery(DatabaseConfig.fromEnvironment().build());
    } else if (args.length == 1 && args[0].equals("jdbc")) {
      rows = JdbcWorkloads.connectAndFirstQuery(System.getenv("DEVDOX_DB_URL"),
          System.getenv("DEVDOX_DB_USER"), System.getenv("DEVDOX_DB_PASSWORD"));
    } else {
      throw new IllegalArgumentException("usage: StartupProbe lib|jdbc");
    }
    double millis = (System.nanoTime() - started) / 1e6;
    long heapMb = heap.stopMb();
    System.out.println(String.format(Locale.ROOT, "%s%.1f PEAK_HEAP_MB %d ROWS %d",
        PREFIX, millis, heapMb, rows));
  }

  /** One probe's figures, and the wall time of its whole JVM as the parent saw it. */
  record Startup(double millis, long peakHeapMb, double processMillis) {}

  /**
   * Starts a fresh JVM on this JVM's class path running {@code side}'s probe against the given
   * database (its password goes through the environment, never the command line).
   */
  static Startup run(String side, String url, String user, String password)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.add("-cp");
    command.add(classPath());
    command.add(StartupProbe.class.getName());
    command.add(side);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.put("DEVDOX_DB_URL", url);
    environment.put("DEVDOX_DB_USER", user);
    environment.put("DEVDOX_DB_PASSWORD", password == null ? "" : password);
    long started = System.nanoTime();
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("the " + side + " start-up probe did not end in 5 minutes");
    }
    double processMillis = (System.nanoTime() - started) / 1e6;
    for (String line : output.split("\\R")) {
      if (line.startsWith(PREFIX)) {
        String[] parts = line.split(" ");
        return new Startup(Double.parseDouble(parts[1]), Long.parseLong(parts[3]), processMillis);
      }
    }
    throw new IllegalStateException("the " + side + " start-up probe failed (exit "
        + process.exitValue() + "):\n" + output);
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * This JVM's class path: the class loader's URLs when the benchmark runs inside Maven
   * ({@code exec:java} loads the project through a URL class loader), else
   * {@code java.class.path}.
   */
  static String classPath() {
    Set<String> entries = new LinkedHashSet<>();
    // Only the loader of this class: its parents inside Maven hold Maven's own JARs.
    if (StartupProbe.class.getClassLoader() instanceof URLClassLoader urls) {
      for (URL url : urls.getURLs()) {
        if ("file".equals(url.getProtocol())) {
          try {
            entries.add(new File(url.toURI()).getPath());
          } catch (java.net.URISyntaxException e) {
            entries.add(url.getPath());
          }
        }
      }
    }
    if (entries.isEmpty()) {
      return System.getProperty("java.class.path");
    }
    return String.join(File.pathSeparator, entries);
  }
}
