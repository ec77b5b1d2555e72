package ai.devdox.models.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The benchmark's command line. Every size has the value as its default; {@link #parse}
 * rejects an unknown option or a bad value with a message naming it.
 *
 * @param chunks W1: code_chunks rows inserted per round
 * @param claims W2: distinct messages claimed per round
 * @param workers W2: concurrent workers
 * @param repos W3: repo rows in the table
 * @param userRepos W3: repos of the one user whose pages are read
 * @param repoChunks W4: chunks of the repo that is read
 * @param pages W3: random pages fetched per round and side
 * @param rounds measured rounds per workload
 * @param warmup warm-up rounds per workload (not measured)
 * @param embeddingSize numbers per embedding
 * @param batch the library's JDBC batch size (0: the library's default)
 * @param jdbcBatch the JDBC side's batch size
 * @param workloads the workloads to run, e.g. {@code [W1, W3]}
 * @param url an explicit database (its six tables must be absent or empty), or null
 * @param user the user for {@code url}
 */
public record BenchOptions(
    int chunks,
    int claims,
    int workers,
    int repos,
    int userRepos,
    int repoChunks,
    int pages,
    int rounds,
    int warmup,
    int embeddingSize,
    int batch,
    int jdbcBatch,
    Set<String> workloads,
    String url,
    String user) {

  /** Every workload, in the order they run. */
  public static final List<String> ALL_WORKLOADS = List.of("W1", "W2", "W3", "W4", "W5");

  /** The environment variable holding the password for {@code --url}. */
  public static final String PASSWORD_VARIABLE = "DEVDOX_BENCH_PASSWORD";

  static final String USAGE = String.join("\n",
      "usage: Benchmark [options]",
      "  --chunks N         W1 rows inserted per round (default 20000)",
      "  --claims N         W2 distinct messages claimed per round (default 20000)",
      "  --workers N        W2 concurrent workers (default 8)",
      "  --repos N          W3 repo rows in the table (default 200000)",
      "  --user-repos N     W3 repos of the user whose pages are read (default 10000)",
      "  --repo-chunks N    W4 chunks of the repo that is read (default 5000)",
      "  --pages N          W3 random pages of 20 fetched per round and side (default 1000)",
      "  --rounds N         measured rounds per workload (default 5)",
      "  --warmup N         warm-up rounds per workload (default 2)",
      "  --embedding N      numbers per embedding (default 768)",
      "  --batch N          the library's JDBC batch size (default: the library's default)",
      "  --jdbc-batch N     the plain JDBC side's batch size (default "
          + JdbcWorkloads.DEFAULT_BATCH + ")",
      "  --only W1,W3       run only these workloads (default: W1,W2,W3,W4,W5)",
      "  --url JDBC_URL     a scratch database (its six tables must be absent or empty);",
      "                     default: the test database (DEVDOX_TEST_JDBC_URL, else embedded)",
      "  --user NAME        the user for --url (default postgres); the password is read from",
      "                     " + PASSWORD_VARIABLE);

  /**
   * The sizes. Two warm-up rounds: with one, the library side of W4 (one load of 5,000
   * chunks a round) was still speeding up in the measured rounds, its deeper call stack being
   * compiled later than the JDBC side's loop.
   */
  public static BenchOptions defaults() {
    return new BenchOptions(20_000, 20_000, 8, 200_000, 10_000, 5_000, 1_000, 5, 2, 768, 0,
        JdbcWorkloads.DEFAULT_BATCH, new LinkedHashSet<>(ALL_WORKLOADS), null, "postgres");
  }

  /**
   * Reads {@code args} over the defaults.
   *
   * @throws IllegalArgumentException naming the option and value when one is unknown or bad
   */
  public static BenchOptions parse(String... args) {
    BenchOptions o = defaults();
    int chunks = o.chunks;
    int claims = o.claims;
    int workers = o.workers;
    int repos = o.repos;
    int userRepos = o.userRepos;
    int repoChunks = o.repoChunks;
    int pages = o.pages;
    int rounds = o.rounds;
    int warmup = o.warmup;
    int embedding = o.embeddingSize;
    int batch = o.batch;
    int jdbcBatch = o.jdbcBatch;
    Set<String> workloads = o.workloads;
    String url = null;
    String user = o.user;
    List<String> list = new ArrayList<>();
    for (String arg : args) {
      // exec:java hands -Dexec.args over as one string when it is quoted oddly; split it again.
      for (String part : arg.trim().split("\\s+")) {
        if (!part.isEmpty()) {
          list.add(part);
        }
      }
    }
    for (int i = 0; i < list.size(); i++) {
      String name = list.get(i);
      if (name.equals("--help") || name.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (!name.startsWith("--")) {
        throw new IllegalArgumentException(
            "unexpected argument '" + name + "'; options start with --\n" + USAGE);
      }
      if (i + 1 >= list.size()) {
        throw new IllegalArgumentException("option " + name + " needs a value\n" + USAGE);
      }
      String value = list.get(++i);
      switch (name) {
        case "--chunks" -> chunks = positive(name, value);
        case "--claims" -> claims = positive(name, value);
        case "--workers" -> workers = positive(name, value);
        case "--repos" -> repos = positive(name, value);
        case "--user-repos" -> userRepos = positive(name, value);
        case "--repo-chunks" -> repoChunks = positive(name, value);
        case "--pages" -> pages = positive(name, value);
        case "--rounds" -> rounds = positive(name, value);
        case "--warmup" -> warmup = atLeastZero(name, value);
        case "--embedding" -> embedding = positive(name, value);
        case "--batch" -> batch = positive(name, value);
        case "--jdbc-batch" -> jdbcBatch = positive(name, value);
        case "--only" -> workloads = workloads(value);
        case "--url" -> url = jdbcUrl(value);
        case "--user" -> user = value;
        default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
      }
    }
    if (userRepos > repos) {
      throw new IllegalArgumentException("--user-repos " + userRepos + " is more than --repos "
          + repos + "; the user's repos are part of all repos");
    }
    if (userRepos < 20) {
      throw new IllegalArgumentException(
          "--user-repos " + userRepos + " is less than one page of 20; use 20 or more");
    }
    return new BenchOptions(chunks, claims, workers, repos, userRepos, repoChunks, pages, rounds,
        warmup, embedding, batch, jdbcBatch, workloads, url, user);
  }

  /** Whether {@code workload} (e.g. {@code "W3"}) is to run. */
  public boolean runs(String workload) {
    return workloads.contains(workload);
  }

  /** The options as they would be typed, for the report. */
  public String describe() {
    return "--chunks " + chunks + " --claims " + claims + " --workers " + workers + " --repos "
        + repos + " --user-repos " + userRepos + " --repo-chunks " + repoChunks + " --pages "
        + pages + " --rounds " + rounds + " --warmup " + warmup + " --embedding " + embeddingSize
        + (batch > 0 ? " --batch " + batch : "") + " --jdbc-batch " + jdbcBatch + " --only "
        + String.join(",", workloads);
  }

  private static int positive(String name, String value) {
    int n = integer(name, value);
    if (n < 1) {
      throw new IllegalArgumentException(name + " is " + value + "; use 1 or more");
    }
    return n;
  }

  private static int atLeastZero(String name, String value) {
    int n = integer(name, value);
    if (n < 0) {
      throw new IllegalArgumentException(name + " is " + value + "; use 0 or more");
    }
    return n;
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " is '" + value + "', not a whole number; e.g. " + name + " 1000");
    }
  }

  private static Set<String> workloads(String value) {
    Set<String> chosen = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      String w = part.trim().toUpperCase(Locale.ROOT);
      if (!ALL_WORKLOADS.contains(w)) {
        throw new IllegalArgumentException(
            "--only names '" + part + "', which is not a workload; use some of " + ALL_WORKLOADS);
      }
      chosen.add(w);
    }
    // Always in the canonical order, whatever order was typed.
    Set<String> ordered = new LinkedHashSet<>();
    ALL_WORKLOADS.stream().filter(chosen::contains).forEach(ordered::add);
    return ordered;
  }

  private static String jdbcUrl(String value) {
    if (!value.startsWith("jdbc:postgresql:")) {
      // Not echoed: a URL may carry a password.
      throw new IllegalArgumentException("--url must start with jdbc:postgresql://");
    }
    return value;
  }
}
