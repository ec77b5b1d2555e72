package ai.devdox.models.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.devdox.models.entity.ApiKey;
import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.GitLabel;
import ai.devdox.models.entity.QueueProcessingRegistry;
import ai.devdox.models.entity.RegistryStatus;
import ai.devdox.models.entity.Repo;
import ai.devdox.models.entity.SecretStringJavaType;
import ai.devdox.models.entity.User;
import ai.devdox.models.testsupport.Connectivity;
import ai.devdox.models.testsupport.LogCapture;
import ai.devdox.models.testsupport.Samples;
import ai.devdox.models.testsupport.TestPostgres;
import ai.devdox.models.testsupport.TestPostgres.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Planted secrets (a token value, an API key hash, encryption salts, the database password) never
 * appear in the log output of a full run with statement and bind-parameter logging on, nor in the
 * errors of a failed start. Directly ({@link SecretsDirectTest}) and through PgBouncer
 * ({@link SecretsPoolerTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SecretsContract {

  TestDatabase database;

  abstract Connectivity connectivity();

  /** The configuration of the full run, with {@code password} planted wherever it can go. */
  abstract DatabaseConfig.Builder plantedConfig(String password);

  /** The password the run's configuration really uses (planted, or accepted by trust). */
  abstract String plantedPassword();

  /** A configuration whose password the server refuses; {@code password} is planted. */
  abstract DatabaseConfig.Builder refusedConfig(String password);

  @BeforeAll
  void createDatabase() {
    database = TestPostgres.newDatabase("secrets_" + connectivity().name());
  }

  @Test
  void aFullRunWithStatementLoggingLeaksNoSecret() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String token = "enc:gho_plantedToken" + id;
    String hash = "feedface" + id + "0".repeat(48);
    String salt = "plantedSalt" + id;
    String newSalt = "plantedSaltRotated" + id;
    String tooLongHash = "badc0ffee" + id + "9".repeat(600);
    String password = plantedPassword();
    String visibleLabel = "visibleLabel" + id;
    List<String> secrets = List.of(token, hash, salt, newSalt, tooLongHash, password);

    String logs;
    int events;
    try (LogCapture capture = LogCapture.start()) {
      DatabaseConfig config =
          plantedConfig(password).schemaAction(SchemaAction.CREATE_MISSING).build();
      assertThat(config.toString()).doesNotContain(password);
      try (DevdoxDatabase devdox = DevdoxDatabase.start(config);
          DevdoxDatabase unvalidated =
              DevdoxDatabase.start(
                  config, Map.of("jakarta.persistence.validation.mode", "NONE"))) {
        User user = Samples.user("u-secret");
        user.setEncryptionSalt(salt);
        ApiKey key = Samples.apiKey("u-secret", hash);
        GitLabel label = Samples.gitLabel("u-secret", token);
        label.setLabel(visibleLabel);
        Repo repo = Samples.repo("u-secret", "secret-repo");
        repo.setTokenId(label.getId().toString());
        CodeChunk chunk = Samples.chunk("u-secret", repo.getId().toString(), 8, 1);
        QueueProcessingRegistry attempt = Samples.registry("m-secret", RegistryStatus.PENDING);
        devdox.inTransactionDo(
            em -> List.of(user, key, label, repo, chunk, attempt).forEach(em::persist));

        // Queries with a secret as parameter, reads of every secret column, an update of one.
        ApiKey found =
            devdox.inTransaction(
                em ->
                    em.createQuery("select k from ApiKey k where k.apiKey = :hash", ApiKey.class)
                        .setParameter("hash", hash)
                        .getSingleResult());
        assertThat(found.getId()).isEqualTo(key.getId());
        devdox.inTransactionDo(
            em -> {
              assertThat(em.find(GitLabel.class, label.getId()).getTokenValue()).isEqualTo(token);
              em.find(User.class, user.getId()).setEncryptionSalt(newSalt);
            });
        assertThat(devdox.<String>inTransaction(em -> em.find(User.class, user.getId()).getEncryptionSalt()))
            .isEqualTo(newSalt);
        devdox.inTransaction(
            em -> em.createQuery("select g from GitLabel g where g.tokenValue = :t", GitLabel.class)
                .setParameter("t", token)
                .getResultList());

        // Failures, logged as a service would log them: caught by Bean Validation, refused by
        // PostgreSQL (whose DETAIL would list the row's values, token included).
        var log = LoggerFactory.getLogger("service");
        try {
          devdox.inTransactionDo(em -> em.persist(Samples.apiKey("u-secret", tooLongHash)));
        } catch (RuntimeException e) {
          log.error("could not store an API key", e);
        }
        GitLabel unlabelled = Samples.gitLabel("u-secret", token);
        unlabelled.setLabel(null);
        unlabelled.setMaskedToken("other");
        try {
          unvalidated.inTransactionDo(em -> em.persist(unlabelled));
        } catch (RuntimeException e) {
          log.error("could not store a git label", e);
        }
        log.info("entities: {} {} {} {} {} {}", user, key, label, repo, chunk, attempt);
      }
      logs = capture.text();
      events = capture.events();
    }
    System.out.println(connectivity() + ": captured " + events + " log events ("
        + logs.length() + " characters) of a full run with statement and bind logging on");

    // The capture really saw statements and bound values, so its silence about secrets means
    // something.
    assertThat(logs).containsIgnoringCase("insert into git_label");
    assertThat(logs).contains("binding parameter");
    assertThat(logs).contains("<- [" + visibleLabel + "]");
    assertThat(logs).contains("<- [" + SecretStringJavaType.MASK + "]");
    assertThat(logs).contains("could not store a git label");
    for (String secret : secrets) {
      assertThat(logs).as("a planted secret in the logs").doesNotContain(secret);
    }
  }

  @Test
  void aFailedStartNeverShowsThePassword() {
    String password = "plantedWrongPassword-" + UUID.randomUUID();
    assertThatThrownBy(() -> DevdoxDatabase.start(refusedConfig(password).build()))
        .isInstanceOf(DevdoxDatabaseException.class)
        .hasMessageContaining("refused the credentials")
        .satisfies(e -> assertThat(BadInputContract.chainText(e)).doesNotContain(password));
  }

  @Test
  void aPasswordInTheUrlIsRedactedFromErrors() {
    String password = "plantedUrlPassword-" + UUID.randomUUID();
    // Port 1 on the loopback: nothing listens.
    DatabaseConfig config =
        DatabaseConfig.builder()
            .jdbcUrl("jdbc:postgresql://127.0.0.1:1/postgres?password=" + password)
            .user("postgres")
            .password(password)
            .connectTimeout(java.time.Duration.ofSeconds(2))
            .build();
    assertThat(config.toString()).doesNotContain(password);
    assertThatThrownBy(() -> DevdoxDatabase.start(config))
        .isInstanceOf(DevdoxDatabaseException.class)
        .hasMessageContaining("connection refused")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(password));
  }
}
