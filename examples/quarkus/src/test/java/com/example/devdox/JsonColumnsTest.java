package com.example.devdox;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.Repo;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The jsonb columns through Quarkus: real JSON in the database (what the Python services read),
 * the same values back in Java, and rows written by plain SQL readable as entities.
 */
@QuarkusTest
@WithTestResource(ExampleDatabaseResource.class)
class JsonColumnsTest {

  @Inject DevdoxStore store;
  @Inject DataSource dataSource;

  @Test
  void languageIsAJsonArrayInTheDatabase() throws SQLException {
    Repo repo = store.save(Samples.repo(Samples.unique("user")));
    assertThat(queryString("select language::text from repo where id = ?", repo.getId()))
        .isEqualTo("[\"Python\", \"Java\"]");
    assertThat(store.find(Repo.class, repo.getId()).orElseThrow().getLanguage())
        .containsExactly("Python", "Java");
  }

  @Test
  void embeddingsComeBackAsTheSameDoubles() throws SQLException {
    String userId = Samples.unique("user");
    Repo repo = Samples.repo(userId);
    List<CodeChunk> chunks =
        List.of(
            Samples.codeChunk(userId, "ignored", 768),
            Samples.codeChunk(userId, "ignored-too", 1536));
    store.importRepo(repo, chunks);

    List<CodeChunk> loaded = store.chunksOf(repo.getId());
    assertThat(loaded).hasSize(2);
    for (CodeChunk original : chunks) {
      CodeChunk back = loaded.get(loaded.indexOf(original));
      // List.equals compares with Double.equals: bit for bit.
      assertThat(back.getEmbedding()).isEqualTo(original.getEmbedding());
    }
    assertThat(
            queryString(
                "select max(jsonb_array_length(embedding))::text from code_chunks"
                    + " where repo_id = ?",
                repo.getId().toString()))
        .isEqualTo("1536");
    assertThat(store.find(Repo.class, repo.getId()).orElseThrow().getTotalChunks()).isEqualTo(2);
  }

  @Test
  void metadataIsAJsonObjectThatSqlCanQuery() throws SQLException {
    String userId = Samples.unique("user");
    CodeChunk chunk = store.save(Samples.codeChunk(userId, UUID.randomUUID().toString(), 8));
    assertThat(
            queryString(
                "select count(*)::text from code_chunks where id = ?"
                    + " and metadata->>'language' = 'python'"
                    + " and metadata @> '{\"nested\": {\"ok\": true}}'::jsonb",
                chunk.getId()))
        .isEqualTo("1");
    Map<String, Object> back = store.find(CodeChunk.class, chunk.getId()).orElseThrow().getMetadata();
    assertThat(back).isEqualTo(chunk.getMetadata());
  }

  @Test
  void readsJsonWrittenByPlainSqlAsThePythonServicesDo() throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "insert into code_chunks (id, user_id, repo_id, content, embedding, metadata,"
                    + " file_name, file_path, file_size, commit_number, created_at) values (?,"
                    + " 'py-user', 'py-repo', 'x', '[0.5, -2e-7, 3]'::jsonb,"
                    + " '{\"k\": [1, {\"deep\": null}]}'::jsonb, 'a.py', 'a.py', 1, 'c0ffee',"
                    + " now())")) {
      insert.setObject(1, id);
      insert.executeUpdate();
    }
    CodeChunk chunk = store.find(CodeChunk.class, id).orElseThrow();
    assertThat(chunk.getEmbedding()).containsExactly(0.5, -2e-7, 3.0);
    assertThat(chunk.getMetadata())
        .isEqualTo(Map.of("k", List.of(1, Collections.singletonMap("deep", null))));
  }

  private String queryString(String sql, Object parameter) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        assertThat(rows.next()).isTrue();
        return rows.getString(1);
      }
    }
  }
}
