package ai.devdox.models.query;

import ai.devdox.models.entity.ApiKey;
import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.GitLabel;
import ai.devdox.models.entity.QueueProcessingRegistry;
import ai.devdox.models.entity.RegistryStatus;
import ai.devdox.models.entity.Repo;
import ai.devdox.models.entity.User;
import ai.devdox.models.keys.ApiKeys;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** Realistic rows for the query tests, with chosen creation times so order is predictable. */
final class Rows {

  /** A fixed base time; row i of a series is created i minutes later. */
  static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");

  private Rows() {}

  static Instant at(int minutes) {
    return T0.plus(minutes, ChronoUnit.MINUTES);
  }

  static User user(String userId, int minutes) {
    User user = new User();
    user.setUserId(userId);
    user.setFirstName("Ada");
    user.setLastName("Lovelace");
    user.setEmail(userId + "@example.com");
    user.setUsername(userId);
    user.setRole("user");
    user.setTokenLimit(100_000);
    user.setEncryptionSalt("salt-" + userId);
    user.setCreatedAt(at(minutes));
    return user;
  }

  static Repo repo(String userId, String providerRepoId, int minutes) {
    Repo repo = new Repo();
    repo.setUserId(userId);
    repo.setRepoId(providerRepoId);
    repo.setRepoName("project-" + providerRepoId);
    repo.setRepoAliasName("alias-" + providerRepoId);
    repo.setHtmlUrl("https://github.com/" + userId + "/project-" + providerRepoId);
    repo.setRelativePath(userId + "/project-" + providerRepoId);
    repo.setDescription("Repository " + providerRepoId);
    repo.setLanguage(List.of("Python", "Java"));
    repo.setStargazersCount(7);
    repo.setCreatedAt(at(minutes));
    return repo;
  }

  static GitLabel label(String userId, String hosting, String label, int minutes) {
    GitLabel gitLabel = new GitLabel();
    gitLabel.setUserId(userId);
    gitLabel.setGitHosting(hosting);
    gitLabel.setLabel(label);
    gitLabel.setUsername(userId + "-on-" + hosting);
    String token = (hosting.equals("github") ? "ghp_" : "glpat-") + UUID.randomUUID();
    gitLabel.setTokenValue("encrypted:" + token);
    gitLabel.setMaskedToken(ApiKeys.mask(token));
    gitLabel.setCreatedAt(at(minutes));
    return gitLabel;
  }

  static ApiKey apiKey(String userId, boolean active, int minutes) {
    ApiKey key = ApiKeys.issue(userId).entity();
    key.setActive(active);
    key.setCreatedAt(at(minutes));
    return key;
  }

  static CodeChunk chunk(Repo repo, String fileName, int index, List<Double> embedding) {
    CodeChunk chunk = new CodeChunk();
    chunk.setUserId(repo.getUserId());
    chunk.setRepoId(repo.getId().toString());
    chunk.setContent("def f" + index + "():\n    return " + index + "\n");
    chunk.setEmbedding(embedding);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("start_line", index * 10);
    metadata.put("end_line", index * 10 + 9);
    metadata.put("language", "python");
    chunk.setMetadata(metadata);
    chunk.setFileName(fileName);
    chunk.setFilePath("src/pkg/" + fileName);
    chunk.setFileSize(4096 + index);
    chunk.setCommitNumber("9f1c2ab");
    chunk.setCreatedAt(at(index));
    return chunk;
  }

  static List<Double> embedding(Random random, int dimensions) {
    List<Double> values = new ArrayList<>(dimensions);
    for (int i = 0; i < dimensions; i++) {
      values.add(random.nextGaussian() / 10);
    }
    return values;
  }

  static QueueProcessingRegistry attempt(
      String messageId, RegistryStatus status, UUID previous, int minutes) {
    QueueProcessingRegistry attempt = new QueueProcessingRegistry();
    attempt.setMessageId(messageId);
    attempt.setQueueName("processing");
    attempt.setClaimedBy("worker-" + minutes);
    attempt.setStep(status == RegistryStatus.COMPLETED ? "done" : "start");
    attempt.setStatus(status);
    attempt.setPreviousMessageId(previous);
    attempt.setClaimedAt(at(minutes));
    return attempt;
  }
}
