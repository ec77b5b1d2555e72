package ai.devdox.models.bench;

import ai.devdox.models.bench.BenchData.ChunkRow;
import ai.devdox.models.bench.StartupProbe.Startup;
import ai.devdox.models.bench.Workloads.ClaimOutcome;
import ai.devdox.models.bench.Workloads.Loaded;
import ai.devdox.models.bootstrap.DatabaseConfig;
import ai.devdox.models.bootstrap.DevdoxDatabase;
import ai.devdox.models.bootstrap.DevdoxFixture;
import ai.devdox.models.entity.DevdoxEntities;
import ai.devdox.models.testsupport.TestPostgres;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The library against plain JDBC on the same PostgreSQL, in one run: W1 bulk insert of chunks
 * (and {@code COPY} as the physical limit), W2 concurrent claims, W3 newest-first pages of a
 * user's repos, W4 all chunks of a repo, W5 start-up. Each workload has warm-up rounds, then
 * measured rounds in which the two sides alternate who goes first; the median of the measured
 * rounds is reported (W3: the p50 and p99 of every measured query).
 *
 * <p>Output: per workload one line {@code RESULT W1 lib=<ops/s> jdbc=<ops/s> ratio=<lib/jdbc>
 * limit=<ops/s or -> peak_heap_mb=<n>} (W3: p50 milliseconds and ratio jdbc/lib; W5:
 * milliseconds and ratio jdbc/lib, so higher is better everywhere), {@code CHECK} lines for the
 * correctness checks, {@code #} lines for progress, then a table.
 *
 * <pre>{@code
 * mvn -q test-compile exec:java@bench -Dexec.args="--rounds 5 --warmup 2"
 * }</pre>
 */
public final class Benchmark {

  static final int PAGE_SIZE = 20;

  private final BenchOptions options;
  private final Target target;
  private final PrintStream out;
  private final List<Result> results = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private int doubleClaims;
  private boolean checkpoints = true;
  private DevdoxDatabase database;

  private Benchmark(BenchOptions options, Target target, PrintStream out) {
    this.options = options;
    this.target = target;
    this.out = out;
  }

  /**
   * Runs the benchmark; see {@link BenchOptions#USAGE} for the options.
   *
   * @param args the options
   * @throws Exception when the database fails, or a correctness check fails (after the report)
   */
  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(e.getMessage().startsWith("usage:") ? 0 : 2);
      return;
    }
    Target target = options.url() == null
        ? Target.testDatabase()
        : Target.explicit(options.url(), options.user(),
            System.getenv().getOrDefault(BenchOptions.PASSWORD_VARIABLE, ""));
    Report report = run(options, target, System.out);
    if (!report.problems().isEmpty()) {
      throw new IllegalStateException(
          "the benchmark's checks failed: " + String.join("; ", report.problems()));
    }
  }

  /** Runs every chosen workload against {@code target}, printing to {@code out}. */
  static Report run(BenchOptions options, Target target, PrintStream out) throws Exception {
    Benchmark benchmark = new Benchmark(options, target, out);
    benchmark.runAll();
    return new Report(List.copyOf(benchmark.results), List.copyOf(benchmark.problems),
        benchmark.doubleClaims);
  }

  private void runAll() throws Exception {
    quietLostRaces();
    DevdoxFixture.createSchema(target.dataSource(), null);
    DatabaseConfig.Builder config = DatabaseConfig.builder()
        .jdbcUrl(target.url())
        .user(target.user())
        .password(target.password())
        .poolMax(options.workers() + 2);
    if (options.batch() > 0) {
      config.batchSize(options.batch());
    }
    try (DevdoxDatabase db = DevdoxDatabase.start(config.build())) {
      database = db;
      header();
      LibraryWorkloads lib = new LibraryWorkloads(db);
      JdbcWorkloads jdbc = new JdbcWorkloads(db.dataSource(), options.jdbcBatch());
      if (options.runs("W1")) {
        w1(lib, jdbc);
      }
      if (options.runs("W2")) {
        w2(lib, jdbc);
      }
      if (options.runs("W3")) {
        w3(lib, jdbc);
      }
      if (options.runs("W4")) {
        w4(lib, jdbc);
      }
      if (options.runs("W5")) {
        w5();
      }
    } finally {
      database = null;
    }
    table();
  }

  // ---------------------------------------------------------------- W1

  private void w1(LibraryWorkloads lib, JdbcWorkloads jdbc) throws Exception {
    IdKind libraryIds = IdKind.libraryDefault();
    IdKind otherIds = libraryIds == IdKind.V4 ? IdKind.V7 : IdKind.V4;
    for (IdKind ids : List.of(libraryIds, otherIds)) {
      String name = ids == libraryIds ? "W1" : "W1-" + ids.label();
      List<ChunkRow> rows = BenchData.chunks(options.chunks(), options.embeddingSize(), ids);
      Map<String, Sided> contestants = new LinkedHashMap<>();
      contestants.put("lib", () -> lib.insertChunks(rows));
      contestants.put("jdbc", () -> jdbc.insertChunks(rows));
      contestants.put("copy", () -> jdbc.copyChunks(rows));
      List<String> names = List.copyOf(contestants.keySet());
      Map<String, List<Double>> rates = lists(names);
      Map<String, List<Long>> heaps = longLists(names);
      Map<String, List<Double>> walMb = lists(names);
      Map<String, String> digests = new LinkedHashMap<>();
      for (int round = 0; round < rounds(); round++) {
        for (int k = 0; k < names.size(); k++) {
          String who = names.get((round + k) % names.size());
          reset();
          String walBefore = walPosition();
          HeapPeak heap = HeapPeak.afterGc();
          long started = System.nanoTime();
          long inserted = contestants.get(who).run();
          double seconds = (System.nanoTime() - started) / 1e9;
          long heapMb = heap.stopMb();
          double wal = walMegabytesSince(walBefore);
          requireCount("code_chunks", rows.size());
          if (round == 0) {
            digests.put(who, chunkDigest());
          }
          double rate = inserted / seconds;
          progress(name, round, who, String.format(Locale.ROOT, "%.0f rows/s, %.0f MB of WAL",
              rate, wal));
          if (round >= options.warmup()) {
            rates.get(who).add(rate);
            heaps.get(who).add(heapMb);
            walMb.get(who).add(wal);
          }
        }
        if (round == 0) {
          boolean same = digests.values().stream().distinct().count() == 1;
          check(name + " identical_rows=" + (same ? "yes" : "no") + " (lib, jdbc and copy wrote"
              + " the same " + rows.size() + " rows: ids, text, JSON and timestamps)");
          if (!same) {
            problems.add(name + ": the sides wrote different rows " + digests);
          }
        }
      }
      double libRate = Stats.median(rates.get("lib"));
      double jdbcRate = Stats.median(rates.get("jdbc"));
      double copyRate = Stats.median(rates.get("copy"));
      result(new Result(name, "rows/s", libRate, jdbcRate, libRate / jdbcRate, copyRate,
          Stats.maxLong(heaps.get("lib")), Stats.maxLong(heaps.get("jdbc")), 0.85,
          "insert " + options.chunks() + " chunks (" + ids.label() + " ids), "
              + options.embeddingSize() + "-number embeddings; lib/COPY "
              + format2(libRate / copyRate) + ", jdbc/COPY " + format2(jdbcRate / copyRate)
              + String.format(Locale.ROOT, "; WAL MB lib %.0f, jdbc %.0f, COPY %.0f",
                  Stats.median(walMb.get("lib")), Stats.median(walMb.get("jdbc")),
                  Stats.median(walMb.get("copy")))));
    }
  }

  // ---------------------------------------------------------------- W2

  /** One delivery of a message to a worker, claimed by one of W2's contestants. */
  @FunctionalInterface
  private interface Claimer {
    Workloads.ClaimOutcome claim(String workerId, String messageId, String queueName)
        throws Exception;
  }

  private void w2(LibraryWorkloads lib, JdbcWorkloads jdbc) throws Exception {
    List<String> feed = BenchData.claimFeed(options.claims());
    Map<String, Claimer> contestants = new LinkedHashMap<>();
    contestants.put("lib", lib::claim);
    contestants.put("jdbc", jdbc::claim);
    contestants.put("index-only", jdbc::claimIndexOnly);
    List<String> names = List.copyOf(contestants.keySet());
    Map<String, List<Double>> rates = lists(names);
    Map<String, List<Long>> heaps = longLists(names);
    for (int round = 0; round < rounds(); round++) {
      for (int k = 0; k < names.size(); k++) {
        String who = names.get((round + k) % names.size());
        reset();
        HeapPeak heap = HeapPeak.afterGc();
        ClaimRound claims = claimRound(who, contestants.get(who), feed);
        long heapMb = heap.stopMb();
        verifyClaims(who, round, claims);
        double rate = claims.claimed() / claims.seconds();
        progress("W2", round, who, String.format(Locale.ROOT, "%.0f claims/s", rate));
        if (round >= options.warmup()) {
          rates.get(who).add(rate);
          heaps.get(who).add(heapMb);
        }
      }
    }
    double libRate = Stats.median(rates.get("lib"));
    double jdbcRate = Stats.median(rates.get("jdbc"));
    double indexOnlyRate = Stats.median(rates.get("index-only"));
    result(new Result("W2", "claims/s", libRate, jdbcRate, libRate / jdbcRate, indexOnlyRate,
        Stats.maxLong(heaps.get("lib")), Stats.maxLong(heaps.get("jdbc")), 0.90,
        options.workers() + " workers claim " + options.claims() + " messages ("
            + (feed.size() - options.claims()) + " redelivered at once, so workers race);"
            + " limit: the index-only protocol (one statement, no withdrawal), lib/limit "
            + format2(libRate / indexOnlyRate) + ", jdbc/limit "
            + format2(jdbcRate / indexOnlyRate)));
  }

  private record ClaimRound(
      int claimed, long lost, long notClaimable, double seconds, AtomicIntegerArray wins,
      String[] winners) {}

  private ClaimRound claimRound(String side, Claimer claimer, List<String> feed)
      throws Exception {
    int messages = options.claims();
    AtomicInteger next = new AtomicInteger();
    AtomicIntegerArray wins = new AtomicIntegerArray(messages);
    String[] winners = new String[messages];
    LongAdder lost = new LongAdder();
    LongAdder notClaimable = new LongAdder();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(options.workers());
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < options.workers(); w++) {
      String workerId = side + "-worker-" + w;
      Thread worker = new Thread(() -> {
        ready.countDown();
        try {
          go.await();
          int i;
          while ((i = next.getAndIncrement()) < feed.size() && failure.get() == null) {
            String message = feed.get(i);
            ClaimOutcome outcome = claimer.claim(workerId, message, BenchData.QUEUE);
            switch (outcome) {
              case CLAIMED -> {
                int index = BenchData.messageIndex(message);
                wins.incrementAndGet(index);
                winners[index] = workerId;
              }
              case LOST_RACE -> lost.increment();
              case NOT_CLAIMABLE -> notClaimable.increment();
            }
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }, workerId);
      worker.start();
      workers.add(worker);
    }
    ready.await();
    long started = System.nanoTime();
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (failure.get() != null) {
      throw new IllegalStateException(
          "a " + side + " worker failed: " + failure.get(), failure.get());
    }
    int claimed = 0;
    for (int i = 0; i < messages; i++) {
      claimed += wins.get(i);
    }
    return new ClaimRound(claimed, lost.sum(), notClaimable.sum(), seconds, wins, winners);
  }

  /**
   * Zero double claims: no message won by two workers (workers' own tally), at most one active
   * row per message in the table, every message claimed, and the table's rows exactly the
   * winners the workers saw.
   */
  private void verifyClaims(String side, int round, ClaimRound claims) throws SQLException {
    int messages = options.claims();
    int doubleWins = 0;
    int unclaimed = 0;
    for (int i = 0; i < messages; i++) {
      int wins = claims.wins().get(i);
      if (wins > 1) {
        doubleWins++;
      } else if (wins == 0) {
        unclaimed++;
      }
    }
    int[] activeRows = new int[messages];
    int mismatched = 0;
    int rows = 0;
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(
            "SELECT message_id, claimed_by, status FROM queue_processing_registry")) {
      while (result.next()) {
        rows++;
        int index = BenchData.messageIndex(result.getString(1));
        String status = result.getString(3);
        if (status.equals("pending") || status.equals("in_progress")) {
          activeRows[index]++;
        }
        if (!result.getString(2).equals(claims.winners()[index])) {
          mismatched++;
        }
      }
    }
    if (rows != claims.claimed()) {
      mismatched += Math.abs(rows - claims.claimed());
    }
    int doubleActive = 0;
    for (int count : activeRows) {
      if (count > 1) {
        doubleActive++;
      }
    }
    int doubles = doubleWins + doubleActive;
    doubleClaims += doubles;
    check(String.format(Locale.ROOT, "W2 round=%d side=%s claimed=%d lost_races=%d"
            + " not_claimable=%d double_claims=%d unclaimed=%d mismatched_rows=%d",
        round + 1, side, claims.claimed(), claims.lost(), claims.notClaimable(), doubles,
        unclaimed, mismatched));
    if (doubles > 0 || unclaimed > 0 || mismatched > 0) {
      problems.add("W2 round " + (round + 1) + " " + side + ": " + doubles + " double claims, "
          + unclaimed + " unclaimed messages, " + mismatched + " rows not matching the winners");
    }
  }

  // ---------------------------------------------------------------- W3

  private void w3(LibraryWorkloads lib, JdbcWorkloads jdbc) throws Exception {
    reset();
    long started = System.nanoTime();
    jdbc.copyRepos(BenchData.repos(options.repos(), options.userRepos()));
    out.printf(Locale.ROOT, "# W3 loaded %d repos (%d of the user) in %.1f s%n", options.repos(),
        options.userRepos(), (System.nanoTime() - started) / 1e9);
    Map<String, PageReader> contestants = new LinkedHashMap<>();
    contestants.put("lib", page -> lib.repoPage(BenchData.USER_ID, page, PAGE_SIZE));
    contestants.put("jdbc", page -> jdbc.repoPage(BenchData.USER_ID, page, PAGE_SIZE));
    contestants.put("jpql", page -> lib.repoPageByJpql(BenchData.USER_ID, page, PAGE_SIZE));
    Map<String, Workloads> hashers = Map.of("lib", lib, "jdbc", jdbc, "jpql", lib);
    List<String> names = List.copyOf(contestants.keySet());
    Map<String, List<Double>> latencies = lists(names);
    Map<String, List<Long>> heaps = longLists(names);
    for (int round = 0; round < rounds(); round++) {
      int[] pages = BenchData.pages(options.pages(), options.userRepos(), PAGE_SIZE, round);
      Map<String, Long> pageHashes = new LinkedHashMap<>();
      for (int k = 0; k < names.size(); k++) {
        String who = names.get((round + k) % names.size());
        PageReader reader = contestants.get(who);
        HeapPeak heap = HeapPeak.afterGc();
        double[] millis = new double[pages.length];
        long hash = 1;
        for (int i = 0; i < pages.length; i++) {
          long queryStarted = System.nanoTime();
          List<?> page = reader.read(pages[i]);
          millis[i] = (System.nanoTime() - queryStarted) / 1e6;
          hash = hash * 31 + hashers.get(who).pageHash(page);
        }
        long heapMb = heap.stopMb();
        pageHashes.put(who, hash);
        double p50 = Stats.percentile(millis.clone(), 50);
        progress("W3", round, who, String.format(Locale.ROOT, "p50 %.3f ms", p50));
        if (round >= options.warmup()) {
          for (double m : millis) {
            latencies.get(who).add(m);
          }
          heaps.get(who).add(heapMb);
        }
      }
      if (pageHashes.values().stream().distinct().count() != 1) {
        problems.add("W3 round " + (round + 1) + ": the sides read different pages " + pageHashes);
      }
    }
    check("W3 same_pages=" + (problems.stream().noneMatch(p -> p.startsWith("W3")) ? "yes" : "no")
        + " (lib, jdbc and jpql read the same repos in the same order on every page)");
    double[] libMillis = toArray(latencies.get("lib"));
    double[] jdbcMillis = toArray(latencies.get("jdbc"));
    double[] jpqlMillis = toArray(latencies.get("jpql"));
    double libP50 = Stats.percentile(libMillis, 50);
    double libP99 = Stats.percentile(libMillis, 99);
    double jdbcP50 = Stats.percentile(jdbcMillis, 50);
    double jdbcP99 = Stats.percentile(jdbcMillis, 99);
    double jpqlP50 = Stats.percentile(jpqlMillis, 50);
    double jpqlP99 = Stats.percentile(jpqlMillis, 99);
    result(new Result("W3", "p50 ms", libP50, jdbcP50, jdbcP50 / libP50, null,
        Stats.maxLong(heaps.get("lib")), Stats.maxLong(heaps.get("jdbc")), 0.80,
        String.format(Locale.ROOT, "random page of %d of %d repos among %d (lib: pageByUser);"
                + " p99 lib %.3f ms, jdbc %.3f ms; %d queries a side", PAGE_SIZE,
            options.userRepos(), options.repos(), libP99, jdbcP99, libMillis.length)));
    result(new Result("W3-jpql", "p50 ms", jpqlP50, jdbcP50, jdbcP50 / jpqlP50, null,
        Stats.maxLong(heaps.get("jpql")), Stats.maxLong(heaps.get("jdbc")), 0,
        String.format(Locale.ROOT, "the same pages by plain JPQL (setFirstResult), not through"
                + " pageByUser; p99 %.3f ms", jpqlP99)));
  }

  /** Reads one W3 page (from 0) of the benchmark's user. */
  @FunctionalInterface
  private interface PageReader {
    List<?> read(int page) throws Exception;
  }

  // ---------------------------------------------------------------- W4

  private void w4(LibraryWorkloads lib, JdbcWorkloads jdbc) throws Exception {
    reset();
    jdbc.copyChunks(BenchData.chunks(options.repoChunks(), options.embeddingSize(), IdKind.V4));
    analyze("code_chunks");
    String repoId = BenchData.chunkRepoId();
    List<Workloads> sides = List.of(lib, jdbc);
    Map<String, List<Double>> rates = lists(List.of("lib", "jdbc"));
    Map<String, List<Long>> heaps = longLists(List.of("lib", "jdbc"));
    Map<String, Long> digests = new LinkedHashMap<>();
    for (int round = 0; round < rounds(); round++) {
      for (Workloads side : order(sides, round)) {
        HeapPeak heap = HeapPeak.afterGc();
        long started = System.nanoTime();
        List<?> chunks = side.loadChunks(repoId);
        double seconds = (System.nanoTime() - started) / 1e9;
        long heapMb = heap.stopMb();
        Loaded loaded = side.digest(chunks);
        if (loaded.rows() != options.repoChunks()) {
          problems.add("W4 " + side.side() + " read " + loaded.rows() + " chunks, not "
              + options.repoChunks());
        }
        digests.merge(side.side(), loaded.digest(), (a, b) -> a.equals(b) ? a : Long.MIN_VALUE);
        double rate = loaded.rows() / seconds;
        progress("W4", round, side.side(), String.format(Locale.ROOT, "%.0f rows/s", rate));
        if (round >= options.warmup()) {
          rates.get(side.side()).add(rate);
          heaps.get(side.side()).add(heapMb);
        }
      }
    }
    boolean same = digests.values().stream().distinct().count() == 1
        && !digests.containsValue(Long.MIN_VALUE);
    check("W4 same_values=" + (same ? "yes" : "no") + " (both sides read the same ids, contents,"
        + " embeddings and metadata)");
    if (!same) {
      problems.add("W4: the sides read different values");
    }
    double libRate = Stats.median(rates.get("lib"));
    double jdbcRate = Stats.median(rates.get("jdbc"));
    result(new Result("W4", "rows/s", libRate, jdbcRate, libRate / jdbcRate, null,
        Stats.maxLong(heaps.get("lib")), Stats.maxLong(heaps.get("jdbc")), 0.80,
        "read all " + options.repoChunks() + " chunks of a repo, embeddings included; "
            + String.format(Locale.ROOT, "%.0f ms lib, %.0f ms jdbc a load",
                1000 * options.repoChunks() / libRate, 1000 * options.repoChunks() / jdbcRate)));
  }

  // ---------------------------------------------------------------- W5

  private void w5() throws Exception {
    Map<String, List<Double>> millis = lists(List.of("lib", "jdbc"));
    Map<String, List<Double>> processMillis = lists(List.of("lib", "jdbc"));
    Map<String, List<Long>> heaps = longLists(List.of("lib", "jdbc"));
    for (int round = 0; round < rounds(); round++) {
      for (String side : order(List.of("lib", "jdbc"), round)) {
        Startup startup = StartupProbe.run(side, target.url(), target.user(), target.password());
        progress("W5", round, side, String.format(Locale.ROOT, "%.0f ms to the first query"
            + " (%.0f ms for the whole JVM)", startup.millis(), startup.processMillis()));
        if (round >= options.warmup()) {
          millis.get(side).add(startup.millis());
          processMillis.get(side).add(startup.processMillis());
          heaps.get(side).add(startup.peakHeapMb());
        }
      }
    }
    double lib = Stats.median(millis.get("lib"));
    double jdbc = Stats.median(millis.get("jdbc"));
    result(new Result("W5", "ms", lib, jdbc, jdbc / lib, null, Stats.maxLong(heaps.get("lib")),
        Stats.maxLong(heaps.get("jdbc")), 0,
        String.format(Locale.ROOT, "fresh JVM, main() to the first query's rows; whole JVM"
                + " %.0f ms lib, %.0f ms jdbc", Stats.median(processMillis.get("lib")),
            Stats.median(processMillis.get("jdbc")))));
  }

  // ---------------------------------------------------------------- output

  /** One workload's figures. {@code target} 0 means reported only. */
  record Result(
      String workload, String unit, double lib, double jdbc, double ratio, Double limit,
      long libHeapMb, long jdbcHeapMb, double target, String description) {

    /** The line the issue defines. */
    String line() {
      return String.format(Locale.ROOT, "RESULT %s lib=%s jdbc=%s ratio=%s limit=%s peak_heap_mb=%d",
          workload, number(lib), number(jdbc), format2(ratio),
          limit == null ? "-" : number(limit), libHeapMb);
    }

    private String number(double value) {
      // Throughputs and start-up times in whole units, page latencies to the microsecond.
      return unit.startsWith("p50") ? String.format(Locale.ROOT, "%.3f", value)
          : String.format(Locale.ROOT, "%.0f", value);
    }

    String verdict() {
      if (target == 0) {
        return "reported only";
      }
      return (ratio >= target ? "met" : "SHORT") + " (>= " + format2(target) + ")";
    }
  }

  /** What a run found. */
  record Report(List<Result> results, List<String> problems, int doubleClaims) {}

  private void result(Result result) {
    results.add(result);
    out.println(result.line());
    out.flush();
  }

  private void table() {
    out.println();
    out.println("| workload | what | unit | library | JDBC | ratio | target | COPY limit"
        + " | peak heap MB lib / jdbc |");
    out.println("|---|---|---|---:|---:|---:|---|---:|---:|");
    for (Result r : results) {
      out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %d / %d |%n",
          r.workload(), r.description(), r.unit(), r.number(r.lib()), r.number(r.jdbc()),
          format2(r.ratio()), r.verdict(), r.limit() == null ? "-" : r.number(r.limit()),
          r.libHeapMb(), r.jdbcHeapMb());
    }
    out.println();
    out.println("Ratios are library over JDBC for throughputs and JDBC over library for"
        + " latencies and start-up, so higher is better everywhere.");
    if (!problems.isEmpty()) {
      out.println("CHECKS FAILED: " + String.join("; ", problems));
    }
    out.flush();
  }

  private void header() throws SQLException {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    String postgres;
    String settings;
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      postgres = scalar(statement, "SELECT version()");
      settings = "shared_buffers " + scalar(statement, "SHOW shared_buffers")
          + ", synchronous_commit " + scalar(statement, "SHOW synchronous_commit");
    }
    out.println("# devdox-ai-models benchmark: the library against plain JDBC, same database,"
        + " same run");
    out.printf(Locale.ROOT, "# machine: %d cores, %.1f GiB memory, %s %s%n",
        Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize() / 1073741824.0,
        System.getProperty("os.name"), System.getProperty("os.version"));
    out.printf(Locale.ROOT, "# JDK %s (%s), max heap %d MiB; Hibernate %s%n",
        System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"),
        Runtime.getRuntime().maxMemory() >> 20, org.hibernate.Version.getVersionString());
    out.printf("# PostgreSQL: %s (%s) at %s%n", postgres, settings, target.description());
    out.printf("# library: batch size %d, pool %d; jdbc batch size %d%n",
        database.config().batchSize(), database.config().poolMax(), options.jdbcBatch());
    out.println("# options: " + options.describe());
    out.flush();
  }

  private void progress(String workload, int round, String side, String figure) {
    out.printf(Locale.ROOT, "# %s round %d/%d %-4s %s%s%n", workload, round + 1, rounds(), side,
        figure, round < options.warmup() ? " (warm-up)" : "");
    out.flush();
  }

  private void check(String line) {
    out.println("CHECK " + line);
    out.flush();
  }

  // ---------------------------------------------------------------- database helpers

  /** Empties the tables, then (where allowed) checkpoints so no round pays for another's writes. */
  private void reset() throws SQLException {
    DevdoxFixture.reset(database);
    if (!checkpoints) {
      return;
    }
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT");
    } catch (SQLException e) {
      // Only superusers (and pg_checkpoint members) may; the rounds still alternate.
      checkpoints = false;
      out.println("# CHECKPOINT not allowed for this user (" + e.getSQLState()
          + "); rounds run without it");
    }
  }

  /** The server's WAL insert position (cluster-wide: other databases' writes count too). */
  private String walPosition() throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      return scalar(statement, "SELECT pg_current_wal_insert_lsn()::text");
    }
  }

  private double walMegabytesSince(String before) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        java.sql.PreparedStatement statement = connection.prepareStatement(
            "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), ?::pg_lsn)")) {
      statement.setString(1, before);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getDouble(1) / (1 << 20);
      }
    }
  }

  private void analyze(String table) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("ANALYZE " + table);
    }
  }

  private void requireCount(String table, long expected) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      long count = Long.parseLong(scalar(statement, "SELECT count(*) FROM " + table));
      if (count != expected) {
        throw new IllegalStateException(table + " holds " + count + " rows, not " + expected);
      }
    }
  }

  /** A digest of every chunk row, to prove the sides wrote the same rows. */
  private String chunkDigest() throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      return scalar(statement, "SELECT md5(string_agg(concat_ws('|', id, user_id, repo_id,"
          + " md5(content), md5(embedding::text), md5(metadata::text), file_name, file_path,"
          + " file_size, commit_number, created_at), ',' ORDER BY id)) FROM code_chunks");
    }
  }

  private static String scalar(Statement statement, String sql) throws SQLException {
    try (ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getString(1);
    }
  }

  // ---------------------------------------------------------------- small helpers

  /**
   * Hibernate logs every failed statement (two lines with the whole insert), and W2's entity
   * claims lose races by design: a tenth of the deliveries. A service would silence that logger
   * too; the benchmark measures the claims, not the console.
   */
  private static void quietLostRaces() {
    for (String name : List.of("org.hibernate.orm.jdbc.error",
        "org.hibernate.engine.jdbc.spi.SqlExceptionHelper")) {
      org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(name);
      if (logger instanceof ch.qos.logback.classic.Logger logback) {
        logback.setLevel(ch.qos.logback.classic.Level.OFF);
      }
    }
  }

  private int rounds() {
    return options.warmup() + options.rounds();
  }

  /** Who goes first alternates from round to round. */
  private static <T> List<T> order(List<T> sides, int round) {
    if (round % 2 == 0) {
      return sides;
    }
    List<T> reversed = new ArrayList<>(sides);
    java.util.Collections.reverse(reversed);
    return reversed;
  }

  private static Map<String, List<Double>> lists(List<String> names) {
    Map<String, List<Double>> lists = new LinkedHashMap<>();
    names.forEach(name -> lists.put(name, new ArrayList<>()));
    return lists;
  }

  private static Map<String, List<Long>> longLists(List<String> names) {
    Map<String, List<Long>> lists = new LinkedHashMap<>();
    names.forEach(name -> lists.put(name, new ArrayList<>()));
    return lists;
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static String format2(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /** One timed action of a side. */
  @FunctionalInterface
  private interface Sided {
    long run() throws Exception;
  }

  /** The database the benchmark runs in. */
  record Target(String url, String user, String password, String description) {

    /** A fresh database on the test server ({@link TestPostgres}: env URL, else embedded). */
    static Target testDatabase() {
      TestPostgres.TestDatabase db = TestPostgres.newDatabase("bench");
      return new Target(db.jdbcUrl(), db.user(), db.password(),
          "a fresh database " + db.name() + " on the " + TestPostgres.source());
    }

    /**
     * A database named by the user. The benchmark empties the six tables again and again, so it
     * refuses a database where any of them holds rows.
     */
    static Target explicit(String url, String user, String password) throws SQLException {
      Target target = new Target(url, user, password, "the database given by --url");
      try (Connection connection = target.dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        for (String table : DevdoxEntities.TABLES) {
          if (!scalar(statement, "SELECT to_regclass('\"" + table + "\"') IS NOT NULL")
              .equals("t")) {
            continue;
          }
          if (scalar(statement, "SELECT EXISTS (SELECT 1 FROM \"" + table + "\")").equals("t")) {
            throw new IllegalArgumentException("table " + table + " of the database given by"
                + " --url holds rows; the benchmark empties its tables, so point --url at a"
                + " scratch database");
          }
        }
      }
      return target;
    }

    PGSimpleDataSource dataSource() {
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setUrl(url);
      dataSource.setUser(user);
      dataSource.setPassword(password);
      return dataSource;
    }

    @Override
    public String toString() {
      return "Target{" + description + "}";
    }
  }
}
