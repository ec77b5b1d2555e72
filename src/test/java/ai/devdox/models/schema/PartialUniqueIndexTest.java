package ai.devdox.models.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.devdox.models.bootstrap.DevdoxFixture;
import ai.devdox.models.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;

/** At most one active (pending or in_progress) attempt per message_id; finished ones free it. */
class PartialUniqueIndexTest {

  private static DataSource dataSource;

  @BeforeAll
  static void schema() {
    dataSource = TestPostgres.newDatabase("partial_index").dataSource();
    DevdoxFixture.createSchema(dataSource, null);
  }

  @BeforeEach
  void empty() {
    DevdoxFixture.reset(dataSource, null);
  }

  @ParameterizedTest
  @CsvSource({"pending,pending", "pending,in_progress", "in_progress,pending",
      "in_progress,in_progress"})
  void aSecondActiveAttemptIsRefused(String first, String second) throws SQLException {
    insert("msg-1", first);

    assertThatThrownBy(() -> insert("msg-1", second))
        .isInstanceOfSatisfying(PSQLException.class, e -> {
          assertThat(e.getSQLState()).isEqualTo("23505");
          assertThat(e.getServerErrorMessage().getConstraint())
              .isEqualTo(CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX);
        });
    insert("msg-2", second);
  }

  @ParameterizedTest
  @CsvSource({"completed,pending", "failed,pending", "retry,in_progress", "failed,in_progress"})
  void aFinishedAttemptFreesTheMessage(String finished, String next) throws SQLException {
    UUID first = insert("msg-1", "pending");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement(
            "update queue_processing_registry set status = ? where id = ?")) {
      update.setString(1, finished);
      update.setObject(2, first);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }

    insert("msg-1", next);

    assertThatThrownBy(() -> insert("msg-1", "pending")).isInstanceOf(PSQLException.class);
  }

  @ParameterizedTest
  @CsvSource({"completed", "failed", "retry"})
  void finishedAttemptsNeverCollide(String status) throws SQLException {
    insert("msg-1", status);
    insert("msg-1", status);
    insert("msg-1", status);
  }

  private static UUID insert(String messageId, String status) throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(
            "insert into queue_processing_registry (id, message_id, queue_name, claimed_by, step,"
                + " status, claimed_at) values (?, ?, 'q', 'w', 'start', ?, now())")) {
      insert.setObject(1, id);
      insert.setString(2, messageId);
      insert.setString(3, status);
      insert.executeUpdate();
    }
    return id;
  }
}
