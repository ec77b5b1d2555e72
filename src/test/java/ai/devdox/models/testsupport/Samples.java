package ai.devdox.models.testsupport;

import ai.devdox.models.entity.ApiKey;
import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.GitLabel;
import ai.devdox.models.entity.QueueProcessingRegistry;
import ai.devdox.models.entity.RegistryStatus;
import ai.devdox.models.entity.Repo;
import ai.devdox.models.entity.User;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Valid sample rows of every table, as the services write them. */
public final class Samples {

  private Samples() {}

  public static User user(String userId) {
    User user = new User();
    user.setUserId(userId);
    user.setFirstName("Ada");
    user.setLastName("Lovelace");
    user.setEmail(userId + "@example.com");
    user.setRole("admin");
    user.setTokenLimit(1000);
    return user;
  }

  public static ApiKey apiKey(String userId, String hash) {
    ApiKey key = new ApiKey();
    key.setUserId(userId);
    key.setApiKey(hash);
    key.setMaskedApiKey("dvd_****abcd");
    return key;
  }

  public static GitLabel gitLabel(String userId, String tokenValue) {
    GitLabel label = new GitLabel();
    label.setUserId(userId);
    label.setLabel("work");
    label.setGitHosting("github");
    label.setUsername("ada");
    label.setTokenValue(tokenValue);
    label.setMaskedToken("ghp_****wxyz");
    return label;
  }

  public static Repo repo(String userId, String alias) {
    Repo repo = new Repo();
    repo.setUserId(userId);
    repo.setRepoId("gh-" + alias);
    repo.setRepoName(alias);
    repo.setHtmlUrl("https://github.com/ada/" + alias);
    repo.setRepoAliasName(alias);
    repo.setLanguage(List.of("Python", "Java"));
    repo.setRepoCreatedAt(Instant.parse("2024-01-02T03:04:05.123456Z"));
    return repo;
  }

  /** A chunk with an embedding of {@code dimensions} random doubles (a mutable list). */
  public static CodeChunk chunk(String userId, String repoId, int dimensions, long seed) {
    CodeChunk chunk = new CodeChunk();
    chunk.setUserId(userId);
    chunk.setRepoId(repoId);
    chunk.setContent("def f():\n    return 42\n");
    Random random = new Random(seed);
    List<Double> embedding = new ArrayList<>(dimensions);
    for (int i = 0; i < dimensions; i++) {
      embedding.add(random.nextGaussian() / 7.0);
    }
    chunk.setEmbedding(embedding);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("start_line", 1);
    metadata.put("language", "python");
    chunk.setMetadata(metadata);
    chunk.setFileName("f.py");
    chunk.setFilePath("src/f.py");
    chunk.setFileSize(24);
    chunk.setCommitNumber("0123abcd");
    return chunk;
  }

  public static QueueProcessingRegistry registry(String messageId, RegistryStatus status) {
    QueueProcessingRegistry row = new QueueProcessingRegistry();
    row.setMessageId(messageId);
    row.setQueueName("analysis");
    row.setStep("start");
    row.setStatus(status);
    row.setClaimedBy("worker-1");
    row.setClaimedAt(Instant.now().truncatedTo(ChronoUnit.MICROS));
    return row;
  }
}
