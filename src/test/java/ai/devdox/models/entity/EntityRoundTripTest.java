package ai.devdox.models.entity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.bootstrap.DevdoxDatabase;
import ai.devdox.models.bootstrap.DevdoxFixture;
import ai.devdox.models.bootstrap.SchemaAction;
import ai.devdox.models.testsupport.SqlScripts;
import ai.devdox.models.testsupport.TestPostgres;
import ai.devdox.models.testsupport.TestPostgres.TestDatabase;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every entity written through the library and read back through a fresh EntityManager and
 * through plain JDBC, on a schema made by the library and on one made the Python way.
 */
class EntityRoundTripTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static DevdoxDatabase libraryMade;
  private static DevdoxDatabase pythonMade;

  @BeforeAll
  static void databases() throws SQLException {
    TestDatabase library = TestPostgres.newDatabase("roundtrip_library");
    libraryMade = DevdoxDatabase.start(
        library.config().schemaAction(SchemaAction.CREATE_MISSING).build());

    TestDatabase python = TestPostgres.newDatabase("roundtrip_python");
    SqlScripts.run(python.dataSource(), SqlScripts.PYTHON_MODELS);
    // The entities must validate against the Python-made schema before any row is written.
    pythonMade = DevdoxDatabase.start(python.config().schemaAction(SchemaAction.VALIDATE).build());
  }

  @AfterAll
  static void close() {
    libraryMade.close();
    pythonMade.close();
  }

  @BeforeEach
  void emptyTables() {
    DevdoxFixture.reset(libraryMade);
    DevdoxFixture.reset(pythonMade);
  }

  static Stream<Named<DevdoxDatabase>> schemas() {
    return Stream.of(
        Named.of("schema made by the library", libraryMade),
        Named.of("schema made by the Python models", pythonMade));
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("schemas")
  void user(DevdoxDatabase db) throws Exception {
    User user = SampleRows.user("user_2abc");
    db.inTransactionDo(em -> em.persist(user));

    User loaded = db.inTransaction(em -> em.find(User.class, user.getId()));
    assertThat(loaded).isNotSameAs(user).isEqualTo(user);
    assertThat(loaded.getUserId()).isEqualTo("user_2abc");
    assertThat(loaded.getEmail()).isEqualTo("user_2abc@example.com");
    assertThat(loaded.getCreatedAt()).isEqualTo(user.getCreatedAt()).isNotNull();
    assertThat(loaded.getUpdatedAt()).isEqualTo(loaded.getCreatedAt());

    Map<String, Object> row = row(db, "select * from \"user\" where id = ?", user.getId());
    assertThat(row)
        .containsEntry("username", "")
        .containsEntry("active", true)
        .containsEntry("membership_level", "free")
        .containsEntry("token_limit", 0)
        .containsEntry("token_used", 0)
        .containsEntry("encryption_salt", "0")
        .containsEntry("role", "admin");

    Instant createdAt = loaded.getCreatedAt();
    Thread.sleep(5);
    db.inTransactionDo(em -> em.find(User.class, user.getId()).setTokenUsed(42));
    User updated = db.inTransaction(em -> em.find(User.class, user.getId()));
    assertThat(updated.getTokenUsed()).isEqualTo(42);
    assertThat(updated.getCreatedAt()).isEqualTo(createdAt);
    assertThat(updated.getUpdatedAt()).isAfter(createdAt);
    assertThat((Instant) row(db, "select updated_at from \"user\" where id = ?", user.getId())
        .get("updated_at")).isEqualTo(updated.getUpdatedAt());
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("schemas")
  void apiKey(DevdoxDatabase db) throws Exception {
    ApiKey key = SampleRows.apiKey("user_2abc");
    db.inTransactionDo(em -> em.persist(key));

    ApiKey loaded = db.inTransaction(em -> em.find(ApiKey.class, key.getId()));
    assertThat(loaded.getApiKey()).isEqualTo(key.getApiKey());
    assertThat(loaded.getMaskedApiKey()).isEqualTo(key.getMaskedApiKey());
    assertThat(loaded.isActive()).isTrue();
    assertThat(loaded.getLastUsedAt()).isNull();
    assertThat(row(db, "select * from api_key where id = ?", key.getId()))
        .containsEntry("is_active", true)
        .containsEntry("api_key", key.getApiKey())
        .containsEntry("last_used_at", null);

    Instant before = loaded.getUpdatedAt();
    Instant used = Instant.parse("2026-01-02T03:04:05.123456Z");
    Thread.sleep(5);
    db.inTransactionDo(em -> {
      ApiKey managed = em.find(ApiKey.class, key.getId());
      managed.setLastUsedAt(used);
      managed.setActive(false);
    });
    Map<String, Object> row = row(db, "select * from api_key where id = ?", key.getId());
    assertThat(row).containsEntry("is_active", false).containsEntry("last_used_at", used);
    assertThat((Instant) row.get("updated_at")).isAfter(before);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("schemas")
  void gitLabel(DevdoxDatabase db) throws Exception {
    GitLabel label = SampleRows.gitLabel("user_2abc");
    db.inTransactionDo(em -> em.persist(label));

    GitLabel loaded = db.inTransaction(em -> em.find(GitLabel.class, label.getId()));
    assertThat(loaded.getTokenValue()).isEqualTo(label.getTokenValue());
    assertThat(loaded.getMaskedToken()).isEqualTo(label.getMaskedToken());
    assertThat(loaded.getGitHosting()).isEqualTo("github");
    assertThat(loaded.getCreatedAt()).isNotNull();
    assertThat(row(db, "select * from git_label where id = ?", label.getId()))
        .containsEntry("label", "My GitHub")
        .containsEntry("username", "ada")
        .containsEntry("token_value", label.getTokenValue());
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("schemas")
  void repo(DevdoxDatabase db) throws Exception {
    GitLabel label = SampleRows.gitLabel("user_2abc");
    Repo repo = SampleRows.repo("user_2abc", "123456789");
    repo.setLanguage(List.of("Python", "Java"));
    repo.setTokenId(label.getId().toString());
    repo.setRepoCreatedAt(Instant.parse("2015-12-10T12:00:00Z"));
    db.inTransactionDo(em -> {
      em.persist(label);
      em.persist(repo);
    });

    Repo loaded = db.inTransaction(em -> em.find(Repo.class, repo.getId()));
    assertThat(loaded.getLanguage()).containsExactly("Python", "Java");
    assertThat(loaded.getTokenId()).isEqualTo(label.getId().toString());
    assertThat(loaded.getRepoCreatedAt()).isEqualTo(Instant.parse("2015-12-10T12:00:00Z"));
    assertThat(loaded.getDefaultBranch()).isEqualTo("main");
    assertThat(loaded.getStatus()).isEqualTo("pending");

    Map<String, Object> row = row(db, "select *, language::text as language_json,"
        + " jsonb_typeof(language) as language_type from repo where id = ?", repo.getId());
    assertThat(row)
        .containsEntry("language_type", "array")
        .containsEntry("default_branch", "main")
        .containsEntry("forks_count", 0)
        .containsEntry("stargazers_count", 0)
        .containsEntry("is_private", false)
        .containsEntry("total_files", 0)
        .containsEntry("total_chunks", 0)
        .containsEntry("last_commit", "")
        .containsEntry("status", "pending")
        .containsEntry("description", null)
        .containsEntry("size", null);
    assertThat(JSON.readValue((String) row.get("language_json"), List.class))
        .containsExactly("Python", "Java");

    Instant before = loaded.getUpdatedAt();
    Thread.sleep(5);
    db.inTransactionDo(em -> {
      Repo managed = em.find(Repo.class, repo.getId());
      managed.setStatus("completed");
      managed.setTotalChunks(17);
      managed.setLanguage(new ArrayList<>(List.of("Go")));
    });
    Repo updated = db.inTransaction(em -> em.find(Repo.class, repo.getId()));
    assertThat(updated.getStatus()).isEqualTo("completed");
    assertThat(updated.getTotalChunks()).isEqualTo(17);
    assertThat(updated.getLanguage()).containsExactly("Go");
    assertThat(updated.getUpdatedAt()).isAfter(before);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("schemas")
  void codeChunkWithA768NumberEmbeddingRoundTripsBitExact(DevdoxDatabase db) throws Exception {
    List<Double> embedding = SampleRows.hardDoubles(768, 7);
    CodeChunk chunk = SampleRows.chunk("user_2abc", UUID.randomUUID().toString(), embedding);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("language", "python");
    metadata.put("start_line", 1);
    metadata.put("score", 0.1 + 0.2);
    metadata.put("tags", List.of("a", "b"));
    metadata.put("nested", Map.of("k", true));
    chunk.setMetadata(metadata);
    db.inTransactionDo(em -> em.persist(chunk));

    CodeChunk loaded = db.inTransaction(em -> em.find(CodeChunk.class, chunk.getId()));
    assertThat(bits(loaded.getEmbedding())).isEqualTo(bits(embedding));
    assertThat(loaded.getMetadata()).isEqualTo(metadata);
    assertThat(loaded.getCreatedAt()).isNotNull();

    Map<String, Object> row = row(db, "select embedding::text as embedding_json,"
        + " jsonb_array_length(embedding) as n, metadata::text as metadata_json"
        + " from code_chunks where id = ?", chunk.getId());
    assertThat(row).containsEntry("n", 768);
    List<Double> fromJdbc =
        JSON.readValue((String) row.get("embedding_json"), new TypeReference<List<Double>>() {});
    assertThat(bits(fromJdbc)).isEqualTo(bits(embedding));
    assertThat(JSON.readValue((String) row.get("metadata_json"), Map.class)).isEqualTo(metadata);

    // Read and written back by Java unchanged: still the same doubles.
    db.inTransactionDo(em -> {
      CodeChunk managed = em.find(CodeChunk.class, chunk.getId());
      managed.setEmbedding(new ArrayList<>(managed.getEmbedding()));
      managed.setFileSize(99);
    });
    CodeChunk rewritten = db.inTransaction(em -> em.find(CodeChunk.class, chunk.getId()));
    assertThat(bits(rewritten.getEmbedding())).isEqualTo(bits(embedding));
    assertThat(rewritten.getFileSize()).isEqualTo(99);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("schemas")
  void codeChunkWithoutEmbeddingAndWithEmptyMetadata(DevdoxDatabase db) throws Exception {
    CodeChunk chunk = SampleRows.chunk("user_2abc", "repo-1", null);
    chunk.setMetadata(new LinkedHashMap<>());
    db.inTransactionDo(em -> em.persist(chunk));

    assertThat(row(db, "select embedding, metadata::text as metadata_json from code_chunks"
        + " where id = ?", chunk.getId()))
        .containsEntry("embedding", null)
        .containsEntry("metadata_json", "{}");
    CodeChunk loaded = db.inTransaction(em -> em.find(CodeChunk.class, chunk.getId()));
    assertThat(loaded.getEmbedding()).isNull();
    assertThat(loaded.getMetadata()).isEmpty();
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("schemas")
  void queueRegistryStoresLowercaseStatusWords(DevdoxDatabase db) throws Exception {
    QueueProcessingRegistry first = SampleRows.attempt("msg-1", RegistryStatus.FAILED);
    first.setClaimedAt(Instant.parse("2026-03-01T10:00:00.000001Z"));
    QueueProcessingRegistry second = SampleRows.attempt("msg-1", RegistryStatus.PENDING);
    second.setPreviousMessageId(first.getId());
    db.inTransactionDo(em -> {
      em.persist(first);
      em.persist(second);
    });

    assertThat(row(db, "select * from queue_processing_registry where id = ?", first.getId()))
        .containsEntry("status", "failed")
        .containsEntry("claimed_at", Instant.parse("2026-03-01T10:00:00.000001Z"));
    assertThat(row(db, "select * from queue_processing_registry where id = ?", second.getId()))
        .containsEntry("status", "pending")
        .containsEntry("previous_message_id", first.getId());

    Instant before = db.inTransaction(em ->
        em.find(QueueProcessingRegistry.class, second.getId()).getUpdatedAt());
    Thread.sleep(5);
    db.inTransactionDo(em -> {
      QueueProcessingRegistry managed = em.find(QueueProcessingRegistry.class, second.getId());
      managed.setStatus(RegistryStatus.IN_PROGRESS);
      managed.setStep("cloned");
    });
    Map<String, Object> row =
        row(db, "select * from queue_processing_registry where id = ?", second.getId());
    assertThat(row).containsEntry("status", "in_progress").containsEntry("step", "cloned");
    assertThat((Instant) row.get("updated_at")).isAfter(before);

    QueueProcessingRegistry loaded =
        db.inTransaction(em -> em.find(QueueProcessingRegistry.class, second.getId()));
    assertThat(loaded.getStatus()).isEqualTo(RegistryStatus.IN_PROGRESS);
    assertThat(loaded.getPreviousMessageId()).isEqualTo(first.getId());
  }

  private static List<Long> bits(List<Double> values) {
    return values.stream().map(Double::doubleToRawLongBits).toList();
  }

  /** One row as column name to value, timestamps as Instant. */
  static Map<String, Object> row(DevdoxDatabase db, String sql, Object id) throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        assertThat(rows.next()).as("a row for " + id).isTrue();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
          Object value = rows.getObject(i);
          if (value instanceof java.sql.Timestamp) {
            value = rows.getObject(i, java.time.OffsetDateTime.class).toInstant();
          }
          row.put(rows.getMetaData().getColumnLabel(i), value);
        }
        return row;
      }
    }
  }
}
