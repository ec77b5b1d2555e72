package com.example.devdox;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.Repo;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The jsonb columns through Spring: real JSON in the database (what the Python services read), the
 * same values back in Java, and rows written by plain SQL readable as entities.
 */
class JsonColumnsTest extends ExampleTestBase {

  @Autowired DevdoxStore store;
  @Autowired JdbcTemplate jdbc;

  @Test
  void languageIsAJsonArrayInTheDatabase() {
    Repo repo = store.save(Samples.repo(Samples.unique("user")));
    String stored =
        jdbc.queryForObject(
            "select language::text from repo where id = ?", String.class, repo.getId());
    assertThat(stored).isEqualTo("[\"Python\", \"Java\"]");
    assertThat(store.find(Repo.class, repo.getId()).orElseThrow().getLanguage())
        .containsExactly("Python", "Java");
  }

  @Test
  void embeddingsComeBackAsTheSameDoubles() {
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
    Integer length =
        jdbc.queryForObject(
            "select max(jsonb_array_length(embedding)) from code_chunks where repo_id = ?",
            Integer.class,
            repo.getId().toString());
    assertThat(length).isEqualTo(1536);
    assertThat(store.find(Repo.class, repo.getId()).orElseThrow().getTotalChunks()).isEqualTo(2);
  }

  @Test
  void metadataIsAJsonObjectThatSqlCanQuery() {
    String userId = Samples.unique("user");
    CodeChunk chunk = store.save(Samples.codeChunk(userId, UUID.randomUUID().toString(), 8));
    Long matches =
        jdbc.queryForObject(
            "select count(*) from code_chunks where id = ? and metadata->>'language' = 'python'"
                + " and metadata @> '{\"nested\": {\"ok\": true}}'::jsonb",
            Long.class,
            chunk.getId());
    assertThat(matches).isEqualTo(1L);
    Map<String, Object> back = store.find(CodeChunk.class, chunk.getId()).orElseThrow().getMetadata();
    assertThat(back).isEqualTo(chunk.getMetadata());
  }

  @Test
  void readsJsonWrittenByPlainSqlAsThePythonServicesDo() {
    UUID id = UUID.randomUUID();
    jdbc.update(
        "insert into code_chunks (id, user_id, repo_id, content, embedding, metadata, file_name,"
            + " file_path, file_size, commit_number, created_at) values (?, 'py-user', 'py-repo',"
            + " 'x', '[0.5, -2e-7, 3]'::jsonb, '{\"k\": [1, {\"deep\": null}]}'::jsonb, 'a.py',"
            + " 'a.py', 1, 'c0ffee', now())",
        id);
    CodeChunk chunk = store.find(CodeChunk.class, id).orElseThrow();
    assertThat(chunk.getEmbedding()).containsExactly(0.5, -2e-7, 3.0);
    assertThat(chunk.getMetadata())
        .isEqualTo(Map.of("k", List.of(1, java.util.Collections.singletonMap("deep", null))));
  }
}
