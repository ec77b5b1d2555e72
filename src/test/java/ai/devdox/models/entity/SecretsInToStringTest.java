package ai.devdox.models.entity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.bootstrap.DatabaseConfig;
import ai.devdox.models.testsupport.Samples;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No toString of an entity or of the configuration shows a token, key hash, salt or password. */
class SecretsInToStringTest {

  private static final String TOKEN = "enc:gho_plantedTokenValue";
  private static final String HASH = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final String SALT = "plantedEncryptionSalt";
  private static final String PASSWORD = "plantedPassword!";

  @Test
  void entitiesPrintNoSecret() {
    User user = Samples.user("u-1");
    user.setEncryptionSalt(SALT);
    ApiKey key = Samples.apiKey("u-1", HASH);
    GitLabel label = Samples.gitLabel("u-1", TOKEN);
    Repo repo = Samples.repo("u-1", "alias");
    repo.setTokenId(label.getId().toString());
    CodeChunk chunk = Samples.chunk("u-1", repo.getId().toString(), 4, 1);
    QueueProcessingRegistry attempt = Samples.registry("m-1", RegistryStatus.PENDING);
    List<Object> all = List.of(user, key, label, repo, chunk, attempt);
    assertThat(all).extracting(Object::getClass).containsExactlyElementsOf(DevdoxEntities.ALL);
    for (Object entity : all) {
      assertThat(entity.toString())
          .as(entity.getClass().getSimpleName())
          .doesNotContain(TOKEN, HASH, SALT, HASH.substring(0, 16));
    }
    assertThat(label.toString()).contains("maskedToken=ghp_****wxyz");
    assertThat(key.toString()).contains("maskedApiKey=dvd_****abcd");
  }

  @Test
  void theConfigurationPrintsNoPassword() {
    List<DatabaseConfig> configs =
        List.of(
            DatabaseConfig.builder().jdbcUrl("jdbc:postgresql://h/db").user("u")
                .password(PASSWORD).build(),
            DatabaseConfig.builder()
                .jdbcUrl("jdbc:postgresql://h/db?user=u&password=" + PASSWORD + "&ssl=true")
                .jdbcProperty("sslpassword", PASSWORD)
                .jdbcProperty("sslkey", PASSWORD)
                .build(),
            DatabaseConfig.supabasePooler("pooler.example.com", "ref").password(PASSWORD).build(),
            DatabaseConfig.supabaseDirect("ref").password(PASSWORD).build(),
            DatabaseConfig.fromEnvironment(
                    name -> switch (name) {
                      case "DEVDOX_DB_URL" -> "jdbc:postgresql://h/db";
                      case "DEVDOX_DB_PASSWORD" -> PASSWORD;
                      default -> null;
                    })
                .build());
    for (DatabaseConfig config : configs) {
      assertThat(config.toString()).doesNotContain(PASSWORD);
      assertThat(config.describeTarget()).doesNotContain(PASSWORD);
    }
    assertThat(configs.get(0).toString()).contains("password=<redacted>");
  }
}
