package ai.devdox.models.tool;

import ai.devdox.models.bootstrap.DatabaseConfig;
import ai.devdox.models.bootstrap.DevdoxDatabase;
import ai.devdox.models.bootstrap.SchemaAction;
import ai.devdox.models.entity.ApiKey;
import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.DevdoxEntities;
import ai.devdox.models.entity.GitLabel;
import ai.devdox.models.entity.QueueProcessingRegistry;
import ai.devdox.models.entity.RegistryStatus;
import ai.devdox.models.entity.Repo;
import ai.devdox.models.entity.User;
import ai.devdox.models.keys.ApiKeys;
import ai.devdox.models.queue.Claim;
import ai.devdox.models.queue.ClaimResult;
import ai.devdox.models.queue.QueueClaims;
import ai.devdox.models.schema.CustomIndexes;
import ai.devdox.models.schema.SchemaApplier;
import ai.devdox.models.schema.SchemaFinding;
import ai.devdox.models.schema.SchemaReport;
import ai.devdox.models.schema.SchemaVerifier;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: an embedded PostgreSQL (or {@code --url}), the schema applied, sample rows written
 * through the entities, two workers racing for one queue message, a schema check, a summary.
 */
@Command(
    name = "demo",
    description = {
      "Starts an embedded PostgreSQL 15 (or uses --url), applies the schema, writes sample rows"
          + " for every table through the entities, races two workers to claim the same queue"
          + " message (exactly one wins), verifies the schema and prints a summary. On --url the"
          + " demo's rows are deleted at the end. Exit 0 when every check passed, 1 otherwise."
    })
final class DemoCommand implements Callable<Integer> {

  private static final int EMBEDDING_SIZE = 768;

  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Option(
      names = "--url",
      paramLabel = "<jdbc-url>",
      description = "Run on this database instead of an embedded PostgreSQL.")
  String url;

  @Option(names = "--user", description = "Database user for --url.")
  String user;

  @Option(
      names = "--password",
      arity = "0..1",
      interactive = true,
      description = "Database password for --url; without a value it is asked for.")
  String password;

  @Option(names = "--schema", description = "Schema for the tables (created when missing).")
  String schema;

  private PrintWriter out;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    long start = System.nanoTime();
    out.println("DevDox schema tool demo");
    boolean ok;
    if (url == null || url.isBlank()) {
      long started = System.nanoTime();
      EmbeddedPostgres postgres = startEmbedded();
      try {
        DatabaseConfig config =
            DatabaseConfig.builder()
                .jdbcUrl("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres")
                .user("postgres")
                .schema(DdlCommand.blankToNull(schema))
                .poolMax(4)
                .build();
        step("database", "embedded PostgreSQL " + serverVersion(config) + " on port "
            + postgres.getPort() + ", started in " + millis(started));
        ok = run(config, false);
      } finally {
        long stopping = System.nanoTime();
        postgres.close();
        step("stopped", "embedded PostgreSQL, in " + millis(stopping));
      }
    } else {
      DatabaseConfig config =
          ConnectionOptions.config(url, user, password, DdlCommand.blankToNull(schema), 10);
      step("database", config.describeTarget() + ", PostgreSQL " + serverVersion(config));
      ok = run(config, true);
    }
    out.println(
        (ok ? "Demo OK" : "Demo FAILED: see the lines above") + ", " + millis(start) + " in all");
    return ok ? DevdoxSchemaTool.EXIT_OK : DevdoxSchemaTool.EXIT_DRIFT;
  }

  private static EmbeddedPostgres startEmbedded() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException | RuntimeException e) {
      throw new ToolException(
          "the embedded PostgreSQL did not start (" + DevdoxSchemaTool.oneLine(e.getMessage())
              + "); run the demo on a server with demo --url jdbc:postgresql://host:port/db",
          e);
    }
  }

  private boolean run(DatabaseConfig config, boolean cleanUp) throws Exception {
    applySchema(config);
    long starting = System.nanoTime();
    try (DevdoxDatabase db =
        DevdoxDatabase.start(config.toBuilder().schemaAction(SchemaAction.VALIDATE).build())) {
      step("entities", "EntityManagerFactory over " + DevdoxEntities.ALL.size()
          + " entities, schema validated at start-up, in " + millis(starting));
      String tag = UUID.randomUUID().toString().substring(0, 8);
      String userId = "demo-user-" + tag;
      String messageId = "demo-message-" + tag;
      try {
        boolean rowsOk = writeSampleRows(db, userId, tag);
        boolean raceOk = race(db, messageId);
        boolean schemaOk = verify(db, config);
        return rowsOk && raceOk && schemaOk;
      } finally {
        if (cleanUp) {
          deleteDemoRows(db, userId, messageId);
        }
      }
    }
  }

  private void applySchema(DatabaseConfig config) throws SQLException {
    long applying = System.nanoTime();
    try (Connection connection = ConnectionOptions.open(config)) {
      SchemaApplier.Result first = SchemaApplier.apply(connection, config.schema(), true);
      String applied = millis(applying);
      long again = System.nanoTime();
      SchemaApplier.Result second = SchemaApplier.apply(connection, config.schema(), true);
      step("apply", first.changed()
          ? summarise(first.steps()) + " in one transaction, in " + applied
          : "schema " + first.schema() + " was already complete, nothing to do");
      step("", "second run: " + (second.changed()
          ? "changed " + second.steps().size() + " things (unexpected)"
          : "nothing to do (" + millis(again) + ")"));
    }
  }

  private static String summarise(List<SchemaApplier.Step> steps) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (SchemaApplier.Step step : steps) {
      String description = step.description();
      String what =
          description.startsWith("created table") ? "tables"
              : description.startsWith("created custom index") ? "custom index"
              : description.startsWith("created index") ? "indexes"
              : description.startsWith("added column") ? "columns"
              : description.startsWith("added unique") ? "unique constraints"
              : description.startsWith("created schema") ? "schema"
              : "other changes";
      counts.merge(what, 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((what, count) -> parts.add(count + " " + what));
    return "created " + String.join(", ", parts);
  }

  private boolean writeSampleRows(DevdoxDatabase db, String userId, String tag) {
    long writing = System.nanoTime();
    User user = new User();
    user.setUserId(userId);
    user.setFirstName("Ada");
    user.setLastName("Lovelace");
    user.setEmail("ada+" + tag + "@example.com");
    user.setRole("admin");
    user.setTokenLimit(100_000);

    // The plain key is shown to its owner once and never stored: only its hash and mask are.
    ApiKey apiKey = ApiKeys.issue(userId).entity();

    GitLabel label = new GitLabel();
    label.setUserId(userId);
    label.setLabel("personal github");
    label.setGitHosting("github");
    label.setUsername("ada");
    label.setTokenValue("encrypted:" + HexFormat.of().formatHex(randomBytes(24)));
    label.setMaskedToken(ApiKeys.mask("ghp_" + HexFormat.of().formatHex(randomBytes(12))));

    Repo repo = new Repo();
    repo.setUserId(userId);
    repo.setRepoId("gh-" + tag);
    repo.setRepoName("analytical-engine");
    repo.setRepoAliasName("engine");
    repo.setHtmlUrl("https://github.com/ada/analytical-engine");
    repo.setTokenId(label.getId().toString());
    repo.setLanguage(List.of("Python", "Java"));
    repo.setTotalFiles(2);
    repo.setTotalChunks(3);

    Random random = new Random(42);
    List<CodeChunk> chunks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      CodeChunk chunk = new CodeChunk();
      chunk.setUserId(userId);
      chunk.setRepoId(repo.getId().toString());
      chunk.setContent("def note_" + i + "():\n    return 'Note " + (char) ('A' + i) + "'\n");
      List<Double> embedding = new ArrayList<>(EMBEDDING_SIZE);
      for (int d = 0; d < EMBEDDING_SIZE; d++) {
        embedding.add(random.nextGaussian());
      }
      chunk.setEmbedding(embedding);
      chunk.setMetadata(Map.of("language", "python", "start_line", 1 + 10 * i));
      chunk.setFileName("notes.py");
      chunk.setFilePath("engine/notes.py");
      chunk.setFileSize(512);
      chunk.setCommitNumber("c0ffee" + i);
      chunks.add(chunk);
    }

    db.inTransactionDo(
        em -> {
          em.persist(user);
          em.persist(apiKey);
          em.persist(label);
          em.persist(repo);
          chunks.forEach(em::persist);
        });
    String written = millis(writing);

    List<CodeChunk> back =
        db.inTransaction(
            em ->
                em.createQuery(
                        "select c from CodeChunk c where c.repoId = :repo order by c.commitNumber",
                        CodeChunk.class)
                    .setParameter("repo", repo.getId().toString())
                    .getResultList());
    boolean embeddingsIntact =
        back.size() == chunks.size()
            && back.get(0).getEmbedding().equals(chunks.get(0).getEmbedding());
    Repo repoBack = db.inTransaction(em -> em.find(Repo.class, repo.getId()));
    GitLabel labelBack =
        db.inTransaction(em -> em.find(GitLabel.class, UUID.fromString(repoBack.getTokenId())));
    step("rows", "wrote user 1, api_key 1, git_label 1, repo 1, code_chunks 3 through the"
        + " entities, in " + written);
    step("", "read back: repo " + repoBack.getRepoName() + " -> its git_label '"
        + labelBack.getLabel() + "' and " + back.size() + " chunks with " + EMBEDDING_SIZE
        + "-number embeddings " + (embeddingsIntact ? "intact" : "CHANGED"));
    return embeddingsIntact;
  }

  /**
   * Two workers claim one message at the same moment through the claim API: exactly one may win,
   * the other gets "not claimed" as a normal result.
   */
  private boolean race(DevdoxDatabase db, String messageId) throws InterruptedException {
    QueueClaims claims = QueueClaims.of(db);
    CyclicBarrier barrier = new CyclicBarrier(2);
    ExecutorService workers = Executors.newFixedThreadPool(2);
    Map<String, ClaimResult> results = new LinkedHashMap<>();
    try {
      Map<String, Future<ClaimResult>> futures = new LinkedHashMap<>();
      for (String worker : List.of("worker-1", "worker-2")) {
        futures.put(worker, workers.submit(() -> {
          barrier.await(30, TimeUnit.SECONDS);
          return claims.tryClaim(worker, messageId, "demo-queue");
        }));
      }
      for (Map.Entry<String, Future<ClaimResult>> future : futures.entrySet()) {
        try {
          results.put(future.getKey(), future.getValue().get(60, TimeUnit.SECONDS));
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          throw new ToolException(
              "the claim race failed: " + DevdoxSchemaTool.oneLine(cause.getMessage()), cause);
        }
      }
    } finally {
      workers.shutdownNow();
    }
    List<Claim> winners = results.values().stream()
        .filter(ClaimResult.Claimed.class::isInstance)
        .map(result -> ((ClaimResult.Claimed) result).claim())
        .toList();
    long active =
        db.inTransaction(
            em ->
                em.createQuery(
                        "select count(q) from QueueProcessingRegistry q where q.messageId = :m"
                            + " and q.status in ('pending', 'in_progress')",
                        Long.class)
                    .setParameter("m", messageId)
                    .getSingleResult());
    step("race", "two workers claimed " + messageId + " at the same moment (QueueClaims):");
    results.forEach((worker, result) -> step("", worker + (result.isClaimed()
        ? " claimed it"
        : " not claimed: " + ((ClaimResult.NotClaimed) result).reason()
            + " (another worker holds the message; a normal outcome, not an error)")));
    boolean ok = winners.size() == 1 && active == 1;
    if (winners.size() == 1) {
      Claim winner = winners.get(0);
      winner.start();
      winner.step("embedded");
      winner.complete();
    }
    step("", "active attempts for the message: " + active + (ok ? " (exactly one winner)"
        : " (expected exactly one winner, found " + winners.size() + ")")
        + "; the winner then completed it");
    return ok;
  }

  private boolean verify(DevdoxDatabase db, DatabaseConfig config) throws SQLException {
    long verifying = System.nanoTime();
    SchemaReport report = SchemaVerifier.verify(db.dataSource(), config.schema());
    step("verify", report.summary() + ", in " + millis(verifying));
    for (SchemaFinding finding : report.findings()) {
      step("", finding.line());
    }
    return report.matches();
  }

  private void deleteDemoRows(DevdoxDatabase db, String userId, String messageId) {
    int deleted =
        db.inTransaction(
            em -> {
              int rows = 0;
              for (String entity : List.of("CodeChunk", "Repo", "GitLabel", "ApiKey", "User")) {
                rows += em.createQuery("delete from " + entity + " e where e.userId = :u")
                    .setParameter("u", userId)
                    .executeUpdate();
              }
              rows += em.createQuery(
                      "delete from QueueProcessingRegistry q where q.messageId = :m")
                  .setParameter("m", messageId)
                  .executeUpdate();
              return rows;
            });
    step("cleanup", "deleted the demo's " + deleted + " rows from the given database");
  }

  private static String serverVersion(DatabaseConfig config) {
    try (Connection connection = ConnectionOptions.open(config);
        var statement = connection.createStatement();
        var rows = statement.executeQuery("show server_version")) {
      rows.next();
      return rows.getString(1).split(" ")[0];
    } catch (SQLException e) {
      throw new ToolException(
          "could not read the server version of " + config.describeTarget() + ": "
              + DevdoxSchemaTool.oneLine(e.getMessage()), e);
    }
  }

  private void step(String label, String text) {
    out.printf("  %-9s %s%n", label, text);
    out.flush();
  }

  private static String millis(long startNanos) {
    long ms = (System.nanoTime() - startNanos) / 1_000_000;
    return ms < 1000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    new java.security.SecureRandom().nextBytes(bytes);
    return bytes;
  }

}
