package ai.devdox.models.entity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Entities with every required field set, as a service would make them. */
final class SampleRows {

  private SampleRows() {}

  static User user(String userId) {
    User user = new User();
    user.setUserId(userId);
    user.setFirstName("Ada");
    user.setLastName("Lovelace");
    user.setEmail(userId + "@example.com");
    user.setRole("admin");
    return user;
  }

  static ApiKey apiKey(String userId) {
    ApiKey key = new ApiKey();
    key.setUserId(userId);
    key.setApiKey("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    key.setMaskedApiKey("dvd_************************wxyz");
    return key;
  }

  static GitLabel gitLabel(String userId) {
    GitLabel label = new GitLabel();
    label.setUserId(userId);
    label.setLabel("My GitHub");
    label.setGitHosting("github");
    label.setUsername("ada");
    label.setTokenValue("gAAAAABencrypted-token-value");
    label.setMaskedToken("ghp_****************abcd");
    return label;
  }

  static Repo repo(String userId, String repoId) {
    Repo repo = new Repo();
    repo.setUserId(userId);
    repo.setRepoId(repoId);
    repo.setRepoName("analytical-engine");
    repo.setHtmlUrl("https://github.com/ada/analytical-engine");
    repo.setRepoAliasName("engine");
    return repo;
  }

  static CodeChunk chunk(String userId, String repoId, List<Double> embedding) {
    CodeChunk chunk = new CodeChunk();
    chunk.setUserId(userId);
    chunk.setRepoId(repoId);
    chunk.setContent("def bernoulli(n):\n    return n\n");
    chunk.setEmbedding(embedding);
    chunk.setMetadata(Map.of("language", "python", "start_line", 1, "end_line", 2));
    chunk.setFileName("bernoulli.py");
    chunk.setFilePath("src/bernoulli.py");
    chunk.setFileSize(1234);
    chunk.setCommitNumber("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
    return chunk;
  }

  static QueueProcessingRegistry attempt(String messageId, RegistryStatus status) {
    QueueProcessingRegistry attempt = new QueueProcessingRegistry();
    attempt.setMessageId(messageId);
    attempt.setQueueName("processing");
    attempt.setClaimedBy("worker-1");
    attempt.setStep("start");
    attempt.setStatus(status);
    return attempt;
  }

  /**
   * {@code size} finite doubles drawn from all bit patterns (every exponent, subnormals, negative
   * values), the hardest case for a text round trip. Negative zero is left out: PostgreSQL's jsonb
   * stores numbers as numeric, which has no negative zero, for Python writers too.
   */
  static List<Double> hardDoubles(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Double> values = new ArrayList<>(size);
    while (values.size() < size) {
      double value = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(value) && Double.doubleToRawLongBits(value) != Long.MIN_VALUE) {
        values.add(value);
      }
    }
    return values;
  }
}
