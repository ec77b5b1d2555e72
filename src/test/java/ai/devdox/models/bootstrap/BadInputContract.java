package ai.devdox.models.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.devdox.models.entity.ApiKey;
import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.GitLabel;
import ai.devdox.models.entity.QueueProcessingRegistry;
import ai.devdox.models.entity.RegistryStatus;
import ai.devdox.models.entity.Repo;
import ai.devdox.models.entity.User;
import ai.devdox.models.testsupport.Connectivity;
import ai.devdox.models.testsupport.Samples;
import ai.devdox.models.testsupport.TestPostgres;
import ai.devdox.models.testsupport.TestPostgres.TestDatabase;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input gets a clear error naming table, column and limit, with Bean Validation (Hibernate
 * Validator is on the test classpath) and without it (validation mode NONE: PostgreSQL's own error,
 * translated); NaN embeddings and unknown status words. Directly ({@link BadInputDirectTest}) and
 * through PgBouncer ({@link BadInputPoolerTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BadInputContract {

  private static final Map<String, Object> NO_VALIDATOR =
      Map.of("jakarta.persistence.validation.mode", "NONE", "hibernate.check_nullability", "false");

  private final AtomicInteger badInputsTried = new AtomicInteger();
  private TestDatabase database;
  private DevdoxDatabase validated;
  private DevdoxDatabase unvalidated;

  abstract Connectivity connectivity();

  @BeforeAll
  void start() {
    database = TestPostgres.newDatabase("bad_input_" + connectivity().name());
    DatabaseConfig config =
        connectivity().config(database).schemaAction(SchemaAction.CREATE_MISSING).build();
    validated = DevdoxDatabase.start(config);
    unvalidated = DevdoxDatabase.start(config, NO_VALIDATOR);
  }

  @AfterAll
  void stop() {
    System.out.println(connectivity() + ": bad inputs tried: " + badInputsTried.get());
    validated.close();
    unvalidated.close();
  }

  @BeforeEach
  void empty() {
    DevdoxFixture.reset(validated);
  }

  List<DevdoxDatabase> both() {
    return List.of(validated, unvalidated);
  }

  @Test
  void aTooLongAliasNamesTableColumnAndLimit() {
    for (DevdoxDatabase devdox : both()) {
      Repo repo = Samples.repo("u-1", "a".repeat(101));
      assertThatThrownBy(() -> devdox.inTransactionDo(em -> em.persist(repo)))
          .isInstanceOfSatisfying(
              DevdoxInvalidDataException.class,
              e -> assertThat(e.columns()).containsExactly("repo.repo_alias_name"))
          .hasMessageStartingWith("repo.repo_alias_name is limited to 100 characters, got 101");
      badInputsTried.incrementAndGet();
    }
    assertThat(rows("repo")).isZero();
  }

  @Test
  void aNullRequiredFieldIsNamed() {
    for (DevdoxDatabase devdox : both()) {
      User user = Samples.user("u-null");
      user.setEmail(null);
      assertThatThrownBy(() -> devdox.inTransactionDo(em -> em.persist(user)))
          .isInstanceOf(DevdoxInvalidDataException.class)
          .hasMessageStartingWith("user.email is required, got null");
      badInputsTried.incrementAndGet();
    }
    assertThat(rows("\"user\"")).isZero();
  }

  @Test
  void aUserIdOf256CharactersIsNamed() {
    for (DevdoxDatabase devdox : both()) {
      User user = Samples.user("u".repeat(256));
      user.setEmail("long@example.com");
      assertThatThrownBy(() -> devdox.inTransactionDo(em -> em.persist(user)))
          .isInstanceOf(DevdoxInvalidDataException.class)
          .hasMessageStartingWith("user.user_id is limited to 255 characters, got 256");
      badInputsTried.incrementAndGet();
    }
    assertThat(rows("\"user\"")).isZero();
  }

  @Test
  void hibernatesOwnNullCheckIsTranslatedToo() {
    try (DevdoxDatabase checking =
        DevdoxDatabase.start(
            connectivity().config(database).build(),
            Map.of("jakarta.persistence.validation.mode", "NONE",
                "hibernate.check_nullability", "true"))) {
      Repo repo = Samples.repo("u-2", "alias");
      repo.setHtmlUrl(null);
      assertThatThrownBy(() -> checking.inTransactionDo(em -> em.persist(repo)))
          .isInstanceOf(DevdoxInvalidDataException.class)
          .hasMessageStartingWith("repo.html_url is required, got null");
      badInputsTried.incrementAndGet();
    }
  }

  @Test
  void aServiceWithItsOwnTransactionsTranslatesWithDevdoxErrors() {
    // Outside inTransaction there is no entity manager to look into: the message names the table,
    // the limit and the column when only one column of the table has that limit.
    RuntimeException alias = failOutside(em -> em.persist(Samples.repo("u-3", "b".repeat(101))));
    assertThat(DevdoxErrors.translate(alias))
        .isInstanceOf(DevdoxInvalidDataException.class)
        .hasMessageContaining("a value for table repo is longer than the 100 characters")
        .hasMessageContaining("repo.default_branch, repo.repo_alias_name");
    RuntimeException userId =
        failOutside(em -> em.persist(Samples.apiKey("k".repeat(256), "hash")));
    assertThat(DevdoxErrors.translate(userId))
        .isInstanceOf(DevdoxInvalidDataException.class)
        .hasMessageStartingWith("api_key.user_id is limited to 255 characters");
    RuntimeException nullField =
        failOutside(
            em -> {
              GitLabel label = Samples.gitLabel("u-3", "enc:t");
              label.setLabel(null);
              em.persist(label);
            });
    assertThat(DevdoxErrors.translate(nullField))
        .hasMessageStartingWith("git_label.label is required, got null");
    badInputsTried.addAndGet(3);
  }

  @Test
  void errorsAboutARowNeverCarryItsSecrets() {
    // PostgreSQL's DETAIL for a NOT NULL violation lists every value of the row; the library
    // tells pgjdbc to leave it out of messages (logServerErrorDetail=false).
    String token = "enc:planted-token-" + UUID.randomUUID();
    GitLabel label = Samples.gitLabel("u-4", token);
    label.setLabel(null);
    RuntimeException failure =
        catchRuntime(() -> unvalidated.inTransactionDo(em -> em.persist(label)));
    assertThat(failure).isInstanceOf(DevdoxInvalidDataException.class);
    assertThat(chainText(failure)).contains("git_label").doesNotContain(token);
    String hash = "h".repeat(513);
    RuntimeException tooLong =
        catchRuntime(() -> validated.inTransactionDo(em -> em.persist(Samples.apiKey("u-4", hash))));
    assertThat(tooLong).hasMessageStartingWith("api_key.api_key is limited to 512 characters, got 513");
    assertThat(chainText(tooLong)).doesNotContain(hash);
    badInputsTried.addAndGet(2);
  }

  @Test
  void embeddingsJsonCannotHoldAreRefusedBeforeAnythingIsWritten() {
    List<Double> withNaN = new ArrayList<>(List.of(0.5, -0.25, 1.0, Double.NaN));
    CodeChunk chunk = Samples.chunk("u-5", "r-5", 4, 5);
    assertThatThrownBy(() -> chunk.setEmbedding(withNaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("code_chunks.embedding[3] is NaN (of 4 values)");
    assertThatThrownBy(() -> chunk.setEmbedding(List.of(Double.NEGATIVE_INFINITY)))
        .hasMessageStartingWith("code_chunks.embedding[0] is -Infinity");
    badInputsTried.addAndGet(2);

    // Changed in place after the setter: caught before the insert.
    chunk.getEmbedding().set(1, Double.POSITIVE_INFINITY);
    assertThatThrownBy(() -> validated.inTransactionDo(em -> em.persist(chunk)))
        .hasStackTraceContaining("code_chunks.embedding[1] is Infinity");
    assertThat(rows("code_chunks")).isZero();
    badInputsTried.incrementAndGet();

    // And before an update: the stored vector stays as it was.
    CodeChunk stored = Samples.chunk("u-5", "r-5", 8, 6);
    validated.inTransactionDo(em -> em.persist(stored));
    assertThatThrownBy(
            () ->
                validated.inTransactionDo(
                    em -> em.find(CodeChunk.class, stored.getId()).getEmbedding().set(7, Double.NaN)))
        .hasStackTraceContaining("code_chunks.embedding[7] is NaN");
    List<Double> back =
        validated.inTransaction(em -> em.find(CodeChunk.class, stored.getId()).getEmbedding());
    assertThat(back).isEqualTo(stored.getEmbedding());
    badInputsTried.incrementAndGet();
  }

  @Test
  void anUnknownStatusWordFailsOnReadingItButTheRowLoadsAndIsWrittenBackUnchanged()
      throws SQLException {
    UUID unknown = UUID.randomUUID();
    UUID known = UUID.randomUUID();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "insert into queue_processing_registry (id, message_id, queue_name, step, status)"
                    + " values (?, ?, 'analysis', 'start', ?)")) {
      insert.setObject(1, unknown);
      insert.setString(2, "m-paused");
      insert.setString(3, "paused");
      insert.executeUpdate();
      insert.setObject(1, known);
      insert.setString(2, "m-pending");
      insert.setString(3, "pending");
      insert.executeUpdate();
    }
    List<QueueProcessingRegistry> all =
        validated.inTransaction(
            em ->
                em.createQuery("select q from QueueProcessingRegistry q", QueueProcessingRegistry.class)
                    .getResultList());
    assertThat(all).hasSize(2);
    QueueProcessingRegistry paused =
        all.stream().filter(q -> q.getId().equals(unknown)).findAny().orElseThrow();
    QueueProcessingRegistry pending =
        all.stream().filter(q -> q.getId().equals(known)).findAny().orElseThrow();
    assertThat(pending.getStatus()).isEqualTo(RegistryStatus.PENDING);
    assertThat(paused.getStatusWord()).isEqualTo("paused");
    assertThatThrownBy(paused::getStatus)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("queue_processing_registry row " + unknown)
        .hasMessageContaining("'paused'");
    badInputsTried.incrementAndGet();

    validated.inTransactionDo(
        em -> em.find(QueueProcessingRegistry.class, unknown).setStep("inspected"));
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "select status, step from queue_processing_registry where id = ?")) {
      select.setObject(1, unknown);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString("status")).isEqualTo("paused");
        assertThat(row.getString("step")).isEqualTo("inspected");
      }
    }
  }

  private RuntimeException failOutside(java.util.function.Consumer<EntityManager> work) {
    EntityManager em = unvalidated.entityManagerFactory().createEntityManager();
    try {
      em.getTransaction().begin();
      work.accept(em);
      em.getTransaction().commit();
      throw new AssertionError("the write was expected to fail");
    } catch (RuntimeException e) {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      return e;
    } finally {
      em.close();
    }
  }

  private static RuntimeException catchRuntime(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  /** Every message and stack trace line of the failure, its causes and suppressed ones. */
  static String chainText(Throwable failure) {
    java.io.StringWriter text = new java.io.StringWriter();
    failure.printStackTrace(new java.io.PrintWriter(text));
    return text.toString();
  }

  private long rows(String table) {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
