package com.example.devdox;

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
import java.util.UUID;

/** One fully filled instance of each library entity, unique per call. */
final class Samples {

  /** Microseconds, as PostgreSQL stores them, so reloaded values compare equal. */
  static final Instant SOME_TIME = Instant.parse("2024-05-06T07:08:09.123456Z");

  private Samples() {}

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static User user(String userId) {
    User user = new User();
    user.setUserId(userId);
    user.setFirstName("Ada");
    user.setLastName("Lovelace");
    user.setEmail(userId + "@example.com");
    user.setUsername("ada");
    user.setRole("admin");
    user.setMembershipLevel("pro");
    user.setTokenLimit(1000);
    user.setTokenUsed(12);
    user.setEncryptionSalt("salt-" + userId);
    return user;
  }

  static ApiKey apiKey(String userId) {
    ApiKey key = new ApiKey();
    key.setUserId(userId);
    key.setApiKey("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    key.setMaskedApiKey("dvd_****cdef");
    key.setLastUsedAt(SOME_TIME);
    return key;
  }

  static GitLabel gitLabel(String userId) {
    GitLabel label = new GitLabel();
    label.setUserId(userId);
    label.setLabel("work github");
    label.setGitHosting("github");
    label.setUsername("ada-l");
    label.setTokenValue("gAAAAencrypted");
    label.setMaskedToken("ghp_****wxyz");
    return label;
  }

  static Repo repo(String userId) {
    Repo repo = new Repo();
    repo.setUserId(userId);
    repo.setRepoId(unique("gh"));
    repo.setRepoName("analytical-engine");
    repo.setDescription("Notes on the engine");
    repo.setHtmlUrl("https://github.com/ada/analytical-engine");
    repo.setDefaultBranch("main");
    repo.setForksCount(3);
    repo.setStargazersCount(42);
    repo.setPrivate(true);
    repo.setVisibility("private");
    repo.setTokenId(UUID.randomUUID().toString());
    repo.setRepoCreatedAt(SOME_TIME);
    repo.setRepoUpdatedAt(SOME_TIME.plus(1, ChronoUnit.DAYS));
    repo.setLanguage(List.of("Python", "Java"));
    repo.setSize(2048);
    repo.setRelativePath("ada/analytical-engine");
    repo.setTotalFiles(7);
    repo.setProcessingStartTime(SOME_TIME);
    repo.setProcessingEndTime(SOME_TIME.plusSeconds(90));
    repo.setErrorMessage(null);
    repo.setLastCommit("0123456789abcdef");
    repo.setStatus("completed");
    repo.setRepoAliasName(unique("engine"));
    repo.setRepoUserReference("user ref");
    repo.setRepoSystemReference("system ref");
    return repo;
  }

  static CodeChunk codeChunk(String userId, String repoId, int dimensions) {
    CodeChunk chunk = new CodeChunk();
    chunk.setUserId(userId);
    chunk.setRepoId(repoId);
    chunk.setContent("def main():\n    return 42\n");
    chunk.setEmbedding(embedding(dimensions, repoId.hashCode()));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("language", "python");
    metadata.put("lines", List.of(1, 20));
    metadata.put("nested", Map.of("ok", true, "score", 0.25));
    chunk.setMetadata(metadata);
    chunk.setFileName("main.py");
    chunk.setFilePath("src/main.py");
    chunk.setFileSize(27);
    chunk.setCommitNumber("0123456789abcdef");
    return chunk;
  }

  /** Random doubles over many magnitudes plus the awkward ones, as an embedding model emits. */
  static List<Double> embedding(int dimensions, long seed) {
    Random random = new Random(seed);
    List<Double> values = new ArrayList<>(dimensions);
    values.addAll(List.of(0.1, 1e-320, Double.MIN_VALUE, Math.PI, -1.5e300, 1.0 / 3.0));
    while (values.size() < dimensions) {
      values.add(random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
    }
    return values.subList(0, dimensions);
  }

  static QueueProcessingRegistry attempt(String messageId, String worker, UUID previous) {
    QueueProcessingRegistry attempt = new QueueProcessingRegistry();
    attempt.setMessageId(messageId);
    attempt.setQueueName("analysis");
    attempt.setClaimedBy(worker);
    attempt.setStep("start");
    attempt.setStatus(RegistryStatus.PENDING);
    attempt.setPreviousMessageId(previous);
    attempt.setClaimedAt(Instant.now().truncatedTo(ChronoUnit.MICROS));
    return attempt;
  }
}
