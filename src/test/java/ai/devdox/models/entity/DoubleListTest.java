package ai.devdox.models.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.devdox.models.bootstrap.DevdoxDatabase;
import ai.devdox.models.bootstrap.SchemaAction;
import ai.devdox.models.testsupport.TestPostgres;
import ai.devdox.models.testsupport.TestPostgres.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.Test;

/**
 * JSON arrays of numbers are read into {@link DoubleList}: a {@code List<Double>} that behaves as
 * an {@code ArrayList} of the same numbers would, with the numbers kept unboxed.
 */
class DoubleListTest {

  @Test
  void behavesAsAListOfTheSameDoubles() throws Exception {
    DoubleList numbers = new DoubleList(new double[] {0.5, -1.25, 3e-7, 0.0}, 3);
    List<Double> same = new ArrayList<>(List.of(0.5, -1.25, 3e-7));
    assertThat(numbers).isEqualTo(same).hasSameHashCodeAs(same).hasToString(same.toString());
    assertThat(same).isEqualTo(numbers);

    numbers.add(2.0);
    numbers.add(0, 9.0);
    assertThat(numbers.set(1, 7.5)).isEqualTo(0.5);
    assertThat(numbers.remove(2)).isEqualTo(-1.25);
    assertThat(numbers).containsExactly(9.0, 7.5, 3e-7, 2.0);
    for (int i = 0; i < 100; i++) {
      numbers.add((double) i);
    }
    assertThat(numbers).hasSize(104).endsWith(99.0);
    assertThat(numbers.getDouble(0)).isEqualTo(9.0);

    DoubleList copy = numbers.copy();
    copy.set(0, -1.0);
    assertThat(numbers.get(0)).isEqualTo(9.0);
    assertThat(copy).isNotEqualTo(numbers);
    // Double's equality: bit patterns, so 0.0 and -0.0 differ and NaN equals NaN, as in ArrayList.
    assertThat(new DoubleList(new double[] {Double.NaN, 0.0}, 2))
        .isEqualTo(new DoubleList(new double[] {Double.NaN, 0.0}, 2))
        .isNotEqualTo(new DoubleList(new double[] {Double.NaN, -0.0}, 2))
        .isEqualTo(List.of(Double.NaN, 0.0));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(numbers);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(numbers);
    }

    assertThatThrownBy(() -> numbers.add(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("holds numbers only");
    assertThatThrownBy(() -> numbers.get(104)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void numberArraysAreReadUnboxedAndAnythingElseAsJacksonReadsIt() throws Exception {
    try (DevdoxDatabase db = DevdoxDatabase.start(TestPostgres.newDatabase("double_list_read")
        .config().schemaAction(SchemaAction.CREATE_MISSING).build())) {
      UUID plain = insertChunk(db, "[1, 2.5, -3e-7]");
      UUID withText = insertChunk(db, "[1.5, \"4.5\"]");
      UUID withNull = insertChunk(db, "[1.5, null, 2]");
      UUID empty = insertChunk(db, "[]");

      List<Double> read = embeddingOf(db, plain);
      assertThat(read).isInstanceOf(DoubleList.class).containsExactly(1.0, 2.5, -3e-7);
      assertThat(embeddingOf(db, withText)).isInstanceOf(DoubleList.class)
          .containsExactly(1.5, 4.5);
      assertThat(embeddingOf(db, withNull)).isInstanceOf(ArrayList.class)
          .containsExactly(1.5, null, 2.0);
      assertThat(embeddingOf(db, empty)).isInstanceOf(DoubleList.class).isEmpty();
      Repo repo = SampleRows.repo("u1", "r1");
      repo.setLanguage(List.of("Python", "Java"));
      db.inTransactionDo(em -> em.persist(repo));
      List<String> languages =
          db.inTransaction(em -> em.find(Repo.class, repo.getId()).getLanguage());
      assertThat(languages).isInstanceOf(ArrayList.class).containsExactly("Python", "Java");
    }
  }

  private static UUID insertChunk(DevdoxDatabase db, String embedding) throws Exception {
    UUID id = UUID.randomUUID();
    try (java.sql.Connection connection = db.dataSource().getConnection();
        java.sql.PreparedStatement insert = connection.prepareStatement(
            "insert into code_chunks (id, user_id, repo_id, content, embedding, metadata,"
                + " file_name, file_path, file_size, commit_number)"
                + " values (?, 'u1', 'r1', 'c', cast(? as jsonb), '{}', 'f', 'p', 1, 'c1')")) {
      insert.setObject(1, id);
      insert.setString(2, embedding);
      insert.executeUpdate();
    }
    return id;
  }

  private static List<Double> embeddingOf(DevdoxDatabase db, UUID id) {
    return db.inTransaction(em -> em.find(CodeChunk.class, id).getEmbedding());
  }

  @Test
  void loadedEmbeddingsAreUnboxedAndStillTrackedForChanges() {
    try (DevdoxDatabase db = DevdoxDatabase.start(TestPostgres.newDatabase("double_list")
        .config().schemaAction(SchemaAction.CREATE_MISSING).build())) {
      CodeChunk chunk = SampleRows.chunk("u1", UUID.randomUUID().toString(),
          new ArrayList<>(List.of(0.25, -1.5, 3.0e-7)));
      db.inTransactionDo(em -> em.persist(chunk));
      db.inTransactionDo(em -> {
        List<Double> embedding = em.find(CodeChunk.class, chunk.getId()).getEmbedding();
        assertThat(embedding).isInstanceOf(DoubleList.class);
        embedding.set(0, 0.75);
        embedding.add(8.0);
      });
      List<Double> changed =
          db.inTransaction(em -> em.find(CodeChunk.class, chunk.getId()).getEmbedding());
      assertThat(changed).containsExactly(0.75, -1.5, 3.0e-7, 8.0);
    }
  }

  @Test
  void theMapperCanBeNamedInHibernateSettingsAsSpringBootWould() {
    TestDatabase database = TestPostgres.newDatabase("mapper_by_name");
    Configuration configuration = new Configuration()
        .addAnnotatedClass(CodeChunk.class)
        .setProperty("hibernate.connection.url", database.jdbcUrl())
        .setProperty("hibernate.connection.username", database.user())
        .setProperty("hibernate.connection.password", database.password())
        .setProperty("hibernate.hbm2ddl.auto", "create")
        .setProperty("hibernate.type.json_format_mapper", DevdoxJsonFormatMapper.class.getName());
    try (SessionFactory factory = configuration.buildSessionFactory()) {
      CodeChunk chunk = SampleRows.chunk("u1", "r1", List.of(1.0E23, 0.5));
      factory.inTransaction(session -> session.persist(chunk));
      List<Double> loaded = factory.fromTransaction(
          session -> session.find(CodeChunk.class, chunk.getId()).getEmbedding());
      assertThat(loaded).isInstanceOf(DoubleList.class).containsExactly(1.0E23, 0.5);
      String stored = factory.fromTransaction(session -> session.createNativeQuery(
          "select embedding ->> 0 from code_chunks", String.class).getSingleResult());
      assertThat(stored).isEqualTo("100000000000000000000000");
    }
  }
}
