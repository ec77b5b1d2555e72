package ai.devdox.models.entity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.bootstrap.DevdoxDatabase;
import ai.devdox.models.bootstrap.SchemaAction;
import ai.devdox.models.testsupport.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void runsOnTheExpectedHibernate() {
    String expected = System.getProperty("devdox.expected.hibernate");
    System.out.println("Hibernate " + org.hibernate.Version.getVersionString() + ", JPA API from "
        + jakarta.persistence.Entity.class.getProtectionDomain().getCodeSource().getLocation());
    if (expected != null) {
      assertThat(org.hibernate.Version.getVersionString()).isEqualTo(expected);
    }
  }

  @Test
  void roundTrip() {
    var db = TestPostgres.newDatabase("smoke");
    try (DevdoxDatabase devdox =
        DevdoxDatabase.start(db.config().schemaAction(SchemaAction.CREATE_MISSING).build())) {
      CodeChunk chunk = new CodeChunk();
      chunk.setUserId("u1");
      chunk.setRepoId("r1");
      chunk.setContent("x");
      chunk.setEmbedding(List.of(0.1, 1e-320, Math.PI, -1.5e300));
      chunk.setMetadata(Map.of("a", 1, "b", List.of("x")));
      chunk.setFileName("a.py");
      chunk.setFilePath("src/a.py");
      chunk.setFileSize(10);
      chunk.setCommitNumber("abc");
      devdox.inTransactionDo(em -> em.persist(chunk));
      CodeChunk back = devdox.inTransaction(em -> em.find(CodeChunk.class, chunk.getId()));
      assertThat(back.getEmbedding()).isEqualTo(chunk.getEmbedding());
      assertThat(back.getMetadata()).containsEntry("a", 1);
      assertThat(back.getCreatedAt()).isNotNull();
    }
  }
}
