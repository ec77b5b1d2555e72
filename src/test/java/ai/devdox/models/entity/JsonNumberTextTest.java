package ai.devdox.models.entity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.bootstrap.DevdoxDatabase;
import ai.devdox.models.bootstrap.SchemaAction;
import ai.devdox.models.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Doubles in JSON columns are written as their shortest text, as Python's {@code repr} writes
 * them, so a Java writer stores the number a Python writer stores for the same double. On Java
 * 17, {@code Double.toString} writes {@code 1.0E23} as {@code 9.999999999999999E22}, which jsonb
 * keeps as a different number (it reads back as the same double, but compares unequal).
 */
class JsonNumberTextTest {

  @Test
  void theLibraryStoresTheNumberPythonStoresForTheSameDouble() throws Exception {
    try (DevdoxDatabase db = DevdoxDatabase.start(TestPostgres.newDatabase("json_numbers")
        .config().schemaAction(SchemaAction.CREATE_MISSING).build())) {
      List<Double> embedding = List.of(1.0E23, 0.1, 123456789.125, -2.5E-8, 4.35E15);
      CodeChunk chunk = SampleRows.chunk("u1", UUID.randomUUID().toString(), embedding);
      db.inTransactionDo(em -> em.persist(chunk));

      try (Connection connection = db.dataSource().getConnection();
          PreparedStatement select = connection.prepareStatement(
              // Against what Python's json.dumps writes for the same doubles; jsonb equality
              // compares numbers by value (4.35E15 and 4350000000000000.0 differ only in text).
              "select embedding ->> 0, (embedding = '[1e+23, 0.1, 123456789.125, -2.5e-08,"
                  + " 4350000000000000.0]'::jsonb)::text from code_chunks where id = ?")) {
        select.setObject(1, chunk.getId());
        try (ResultSet row = select.executeQuery()) {
          row.next();
          assertThat(row.getString(1)).isEqualTo("100000000000000000000000");
          assertThat(row.getString(2)).isEqualTo("true");
        }
      }
      CodeChunk loaded = db.inTransaction(em -> em.find(CodeChunk.class, chunk.getId()));
      assertThat(loaded.getEmbedding()).isEqualTo(embedding);
    }
  }
}
