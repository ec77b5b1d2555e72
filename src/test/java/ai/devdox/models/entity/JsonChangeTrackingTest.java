package ai.devdox.models.entity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.bootstrap.DevdoxDatabase;
import ai.devdox.models.bootstrap.SchemaAction;
import ai.devdox.models.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JSON columns are copied structurally for Hibernate's change tracking (not through JSON text):
 * a change made in place inside a list or map is still written, and an entity nobody changed is
 * not.
 */
class JsonChangeTrackingTest {

  private static DevdoxDatabase db;

  @BeforeAll
  static void database() {
    db = DevdoxDatabase.start(TestPostgres.newDatabase("json_tracking").config()
        .schemaAction(SchemaAction.CREATE_MISSING).build());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void changesInsideEmbeddingAndNestedMetadataAreWritten() throws Exception {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("lines", new ArrayList<>(List.of(1, 2)));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("language", "python");
    metadata.put("span", nested);
    CodeChunk chunk = SampleRows.chunk("u1", UUID.randomUUID().toString(),
        new ArrayList<>(List.of(0.25, -1.5, 3.0e-7)));
    chunk.setMetadata(metadata);
    db.inTransactionDo(em -> em.persist(chunk));

    db.inTransactionDo(em -> {
      CodeChunk loaded = em.find(CodeChunk.class, chunk.getId());
      loaded.getEmbedding().set(1, 42.0);
      @SuppressWarnings("unchecked")
      Map<String, Object> span = (Map<String, Object>) loaded.getMetadata().get("span");
      @SuppressWarnings("unchecked")
      List<Object> lines = (List<Object>) span.get("lines");
      lines.add(3);
    });

    // jsonb equality compares numbers by value, whatever text wrote them.
    assertThat(text("select (embedding = '[0.25, 42, 3e-7]'::jsonb)::text from code_chunks"
        + " where id = ?", chunk.getId())).isEqualTo("true");
    assertThat(text("select metadata::text from code_chunks where id = ?", chunk.getId()))
        .isEqualTo("{\"span\": {\"lines\": [1, 2, 3]}, \"language\": \"python\"}");
  }

  @Test
  void anUnchangedEntityIsNotUpdatedAndAnInPlaceLanguageChangeIs() throws Exception {
    Repo repo = SampleRows.repo("u2", "r-" + UUID.randomUUID());
    repo.setLanguage(new ArrayList<>(List.of("Python")));
    db.inTransactionDo(em -> em.persist(repo));
    Instant written = repo.getUpdatedAt();

    db.inTransactionDo(em -> em.find(Repo.class, repo.getId()).getLanguage().size());
    Instant afterRead = db.inTransaction(em -> em.find(Repo.class, repo.getId()).getUpdatedAt());
    assertThat(afterRead).as("a repo read and not changed keeps its updated_at").isEqualTo(written);

    db.inTransactionDo(em -> em.find(Repo.class, repo.getId()).getLanguage().add("Java"));
    Repo changed = db.inTransaction(em -> em.find(Repo.class, repo.getId()));
    assertThat(changed.getLanguage()).containsExactly("Python", "Java");
    assertThat(changed.getUpdatedAt()).isAfter(written);
  }

  @Test
  void copiesAreEqualAndIndependentAndOtherObjectsBecomeJsonShapes() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("numbers", new ArrayList<>(List.of(1.5, 2L, 3)));
    value.put("nested", new LinkedHashMap<>(Map.of("flag", true)));
    @SuppressWarnings("unchecked")
    Map<String, Object> copy = (Map<String, Object>) JsonMutability.copy(value);
    assertThat(copy).isEqualTo(value).isNotSameAs(value);
    assertThat(copy.get("numbers")).isNotSameAs(value.get("numbers"));
    assertThat(copy.get("nested")).isNotSameAs(value.get("nested"));

    assertThat(JsonMutability.copy(new Point(1, 2))).isEqualTo(Map.of("x", 1, "y", 2));
  }

  /** An application object inside a JSON map. */
  public record Point(int x, int y) {}

  private static String text(String sql, UUID id) throws Exception {
    try (Connection connection = db.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }
}
