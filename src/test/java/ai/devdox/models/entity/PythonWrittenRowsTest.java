package ai.devdox.models.entity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.bootstrap.DevdoxDatabase;
import ai.devdox.models.bootstrap.SchemaAction;
import ai.devdox.models.testsupport.SqlScripts;
import ai.devdox.models.testsupport.TestPostgres;
import ai.devdox.models.testsupport.TestPostgres.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rows written with plain SQL the way the Python services write them (their column lists, their
 * JSON, database defaults for what they leave out) load through the entities, and a Java update
 * of one column loses none of the others.
 */
class PythonWrittenRowsTest {

  private static final UUID USER = UUID.fromString("6f1c1e2a-1111-4a5b-9c3d-000000000001");
  private static final UUID REPO = UUID.fromString("6f1c1e2a-2222-4a5b-9c3d-000000000002");
  private static final UUID CHUNK = UUID.fromString("6f1c1e2a-3333-4a5b-9c3d-000000000003");
  private static final UUID ATTEMPT_1 = UUID.fromString("6f1c1e2a-4444-4a5b-9c3d-000000000004");
  private static final UUID ATTEMPT_2 = UUID.fromString("6f1c1e2a-5555-4a5b-9c3d-000000000005");
  private static final UUID LABEL = UUID.fromString("6f1c1e2a-6666-4a5b-9c3d-000000000006");
  private static final UUID KEY = UUID.fromString("6f1c1e2a-7777-4a5b-9c3d-000000000007");

  private static DevdoxDatabase db;

  @BeforeAll
  static void pythonWrites() throws Exception {
    TestDatabase python = TestPostgres.newDatabase("python_rows");
    SqlScripts.run(python.dataSource(), SqlScripts.PYTHON_MODELS);
    try (Connection connection = python.dataSource().getConnection();
        Statement sql = connection.createStatement()) {
      sql.execute("INSERT INTO \"user\" (id, user_id, first_name, last_name, email, role)"
          + " VALUES ('" + USER + "', 'user_2py', 'Grace', 'Hopper', 'grace@example.com', 'user')");
      sql.execute("INSERT INTO git_label (id, user_id, label, git_hosting, username, token_value,"
          + " masked_token) VALUES ('" + LABEL + "', 'user_2py', 'work', 'gitlab', 'grace',"
          + " 'gAAAAAB-secret', 'glpa****1234')");
      sql.execute("INSERT INTO repo (id, user_id, repo_id, repo_name, html_url, repo_alias_name,"
          + " language, token_id, repo_created_at, size, visibility, relative_path) VALUES ('"
          + REPO + "', 'user_2py', '42', 'compiler', 'https://gitlab.com/grace/compiler',"
          + " 'cobol', '[\"COBOL\", \"Python\"]', '" + LABEL + "',"
          + " '1959-05-28 09:00:00+00', 2048, 'internal', 'grace/compiler')");
      sql.execute("INSERT INTO code_chunks (id, user_id, repo_id, content, embedding, metadata,"
          + " file_name, file_path, file_size, commit_number) VALUES ('" + CHUNK + "',"
          + " 'user_2py', '" + REPO + "', 'MOVE A TO B.', NULL, '{}', 'main.cob', 'src/main.cob',"
          + " 12, 'abc123')");
      sql.execute("INSERT INTO api_key (id, user_id, api_key, masked_api_key) VALUES ('" + KEY
          + "', 'user_2py', repeat('a', 64), 'dvd_****wxyz')");
      sql.execute("INSERT INTO queue_processing_registry (id, message_id, queue_name, claimed_by,"
          + " step, status, previous_message_id, claimed_at) VALUES"
          + " ('" + ATTEMPT_1 + "', '17', 'processing', 'py-worker', 'cloned', 'failed', NULL,"
          + " now() - interval '1 minute'),"
          + " ('" + ATTEMPT_2 + "', '17', 'processing', 'py-worker', 'start', 'in_progress', '"
          + ATTEMPT_1 + "', now())");
    }
    db = DevdoxDatabase.start(python.config().schemaAction(SchemaAction.VALIDATE).build());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void userGetsTheDatabaseDefaults() {
    User user = db.inTransaction(em -> em.find(User.class, USER));
    assertThat(user.getUserId()).isEqualTo("user_2py");
    assertThat(user.getUsername()).isEmpty();
    assertThat(user.isActive()).isTrue();
    assertThat(user.getMembershipLevel()).isEqualTo("free");
    assertThat(user.getTokenLimit()).isZero();
    assertThat(user.getEncryptionSalt()).isEqualTo("0");
    assertThat(user.getCreatedAt()).isNotNull();
    assertThat(user.getUpdatedAt()).isNotNull();
  }

  @Test
  void repoWithALanguageArrayAndLabelLink() {
    Repo repo = db.inTransaction(em -> em.find(Repo.class, REPO));
    assertThat(repo.getLanguage()).containsExactly("COBOL", "Python");
    assertThat(repo.getTokenId()).isEqualTo(LABEL.toString());
    assertThat(repo.getRepoCreatedAt()).isEqualTo(Instant.parse("1959-05-28T09:00:00Z"));
    assertThat(repo.getSize()).isEqualTo(2048);
    assertThat(repo.getVisibility()).isEqualTo("internal");
    assertThat(repo.getStatus()).isEqualTo("pending");
    assertThat(repo.getDefaultBranch()).isEqualTo("main");
    assertThat(repo.isPrivate()).isFalse();
    GitLabel label = db.inTransaction(em -> em.find(GitLabel.class, UUID.fromString(repo.getTokenId())));
    assertThat(label.getLabel()).isEqualTo("work");
  }

  @Test
  void chunkWithEmptyMetadataAndNoEmbedding() {
    CodeChunk chunk = db.inTransaction(em -> em.find(CodeChunk.class, CHUNK));
    assertThat(chunk.getEmbedding()).isNull();
    assertThat(chunk.getMetadata()).isEmpty();
    assertThat(chunk.getRepoId()).isEqualTo(REPO.toString());
    assertThat(chunk.getContent()).isEqualTo("MOVE A TO B.");
  }

  @Test
  void apiKeyWithDefaults() {
    ApiKey key = db.inTransaction(em -> em.find(ApiKey.class, KEY));
    assertThat(key.isActive()).isTrue();
    assertThat(key.getLastUsedAt()).isNull();
    assertThat(key.getApiKey()).hasSize(64);
  }

  @Test
  void registryRowsWithLowercaseStatusWords() {
    List<QueueProcessingRegistry> attempts = db.inTransaction(em -> em.createQuery(
        "select q from QueueProcessingRegistry q where q.messageId = '17' order by q.claimedAt",
        QueueProcessingRegistry.class).getResultList());
    assertThat(attempts).extracting(QueueProcessingRegistry::getStatus)
        .containsExactly(RegistryStatus.FAILED, RegistryStatus.IN_PROGRESS);
    assertThat(attempts.get(1).getPreviousMessageId()).isEqualTo(ATTEMPT_1);
    assertThat(attempts.get(1).getStatusWord()).isEqualTo("in_progress");
  }

  @Test
  void aJavaUpdateOfOneFieldKeepsEverythingPythonWrote() throws Exception {
    db.inTransactionDo(em -> em.find(Repo.class, REPO).setTotalFiles(3));

    var row = EntityRoundTripTest.row(db, "select *, language::text as language_json from repo"
        + " where id = ?", REPO);
    assertThat(row)
        .containsEntry("total_files", 3)
        .containsEntry("language_json", "[\"COBOL\", \"Python\"]")
        .containsEntry("token_id", LABEL.toString())
        .containsEntry("relative_path", "grace/compiler")
        .containsEntry("visibility", "internal")
        .containsEntry("size", 2048);
  }
}
