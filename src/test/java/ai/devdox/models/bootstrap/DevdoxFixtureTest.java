package ai.devdox.models.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.DevdoxEntities;
import ai.devdox.models.testsupport.CatalogSnapshot;
import ai.devdox.models.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class DevdoxFixtureTest {

  @Test
  void createSchemaIsIdempotentAndResetEmptiesEveryTableButKeepsTheSchema() throws Exception {
    DataSource dataSource = TestPostgres.newDatabase("fixture").dataSource();

    long started = System.nanoTime();
    DevdoxFixture.createSchema(dataSource, null);
    long created = System.nanoTime();
    CatalogSnapshot before = CatalogSnapshot.read(dataSource, "public");
    DevdoxFixture.createSchema(dataSource, null);
    assertThat(CatalogSnapshot.read(dataSource, "public").lines()).isEqualTo(before.lines());

    try (Connection connection = dataSource.getConnection();
        Statement sql = connection.createStatement()) {
      sql.execute("insert into \"user\" (id, user_id, first_name, last_name, email, role)"
          + " values (gen_random_uuid(), 'u', 'f', 'l', 'e', 'r')");
      sql.execute("insert into api_key (id, user_id, api_key, masked_api_key)"
          + " values (gen_random_uuid(), 'u', 'h', 'm')");
      sql.execute("insert into git_label (id, user_id, label, git_hosting, username, token_value,"
          + " masked_token) values (gen_random_uuid(), 'u', 'l', 'github', 'n', 't', 'm')");
      sql.execute("insert into repo (id, user_id, repo_id, repo_name, html_url, repo_alias_name)"
          + " values (gen_random_uuid(), 'u', 'r', 'n', 'h', 'a')");
      sql.execute("insert into code_chunks (id, user_id, repo_id, content, metadata, file_name,"
          + " file_path, file_size, commit_number)"
          + " values (gen_random_uuid(), 'u', 'r', 'c', '{}', 'f', 'p', 1, 'c')");
      sql.execute("insert into queue_processing_registry (id, message_id, queue_name, step,"
          + " status) values (gen_random_uuid(), 'm', 'q', 'start', 'pending')");
    }

    long resetStarted = System.nanoTime();
    DevdoxFixture.reset(dataSource, null);
    long resetDone = System.nanoTime();

    try (Connection connection = dataSource.getConnection();
        Statement sql = connection.createStatement()) {
      for (String table : DevdoxEntities.TABLES) {
        try (ResultSet rows = sql.executeQuery("select count(*) from \"" + table + "\"")) {
          rows.next();
          assertThat(rows.getLong(1)).as(table).isZero();
        }
      }
    }
    assertThat(CatalogSnapshot.read(dataSource, "public").lines()).isEqualTo(before.lines());
    System.out.printf("fixture: createSchema %d ms, reset %d ms%n",
        (created - started) / 1_000_000, (resetDone - resetStarted) / 1_000_000);
  }

  @Test
  void truncateNamesAllSixTablesQuoted() {
    assertThat(DevdoxFixture.truncateSql("tenant_a")).isEqualTo("TRUNCATE TABLE"
        + " \"tenant_a\".\"user\", \"tenant_a\".\"api_key\", \"tenant_a\".\"git_label\","
        + " \"tenant_a\".\"repo\", \"tenant_a\".\"code_chunks\","
        + " \"tenant_a\".\"queue_processing_registry\"");
  }
}
