package ai.devdox.models.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The rows both sides write and read, made from a fixed seed so every run (and both sides of one
 * run) works on the same data.
 */
final class BenchData {

  /** The seed of every generator here. */
  static final long SEED = 20_240_601L;

  /** Timestamps start here, so rows are the same from run to run. */
  static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

  static final String USER_ID = "bench-user-0000";
  static final String QUEUE = "bench-queue";

  /** Every tenth message is delivered twice in a row, as a queue redelivers: it makes races. */
  static final int REDELIVERY_EVERY = 10;

  private static final String[] WORDS = {
    "def", "class", "return", "import", "self", "value", "items", "for", "in", "if", "else",
    "try:", "except", "raise", "yield", "async", "await", "with", "open(path)", "None", "True",
    "False", "lambda", "x", "y", "index", "result", "config", "\"text\"", "'quoted'", "a\\b",
    "{", "}", "(", ")", "[", "]", ":", "=", "==", "+=", "->", "#", "comment", "ünïcödé", "日本"
  };

  private BenchData() {}

  /** One {@code code_chunks} row as an application holds it before it is saved. */
  record ChunkRow(
      UUID id,
      String userId,
      String repoId,
      String content,
      double[] embedding,
      Map<String, Object> metadata,
      String fileName,
      String filePath,
      int fileSize,
      String commitNumber,
      Instant createdAt) {}

  /** The repo whose chunks W1 writes and W4 reads. */
  static String chunkRepoId() {
    return new UUID(0x0194_2a5b_0000_7000L, 0x8000_0000_0000_0001L).toString();
  }

  /**
   * {@code count} chunk rows of one repo, each with {@code embeddingSize} numbers, a small metadata
   * object and about 1 KB of content; ids of the given kind.
   */
  static List<ChunkRow> chunks(int count, int embeddingSize, IdKind ids) {
    SplittableRandom random = new SplittableRandom(SEED);
    SplittableRandom idRandom = new SplittableRandom(SEED + 1);
    String repoId = chunkRepoId();
    List<ChunkRow> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      double[] embedding = new double[embeddingSize];
      for (int k = 0; k < embeddingSize; k++) {
        // Embedding models give small numbers of full double precision.
        embedding[k] = gaussian(random) * 0.05;
      }
      int file = i / 8;
      int startLine = (i % 8) * 40 + 1;
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("language", "python");
      metadata.put("chunk_index", i % 8);
      metadata.put("start_line", startLine);
      metadata.put("end_line", startLine + 39);
      String content = content(random, 1000);
      String fileName = "module_" + file + ".py";
      // v7 ids are made as a writer makes them, from the clock while the rows are made.
      UUID id = ids == IdKind.V7
          ? IdKind.v7(System.currentTimeMillis(), idRandom)
          : IdKind.v4(idRandom);
      rows.add(new ChunkRow(id, USER_ID, repoId, content, embedding, metadata, fileName,
          "src/pkg_" + (file % 50) + "/" + fileName, content.length() * 8, "c0ffee" + (i % 3),
          EPOCH.plus(i, ChronoUnit.MILLIS)));
    }
    return rows;
  }

  /** One {@code repo} row; the columns W3 reads. */
  record RepoRow(
      UUID id,
      String userId,
      String repoId,
      String repoName,
      String description,
      String htmlUrl,
      int forksCount,
      int stargazersCount,
      boolean isPrivate,
      String visibility,
      String tokenId,
      Instant createdAt,
      Instant repoCreatedAt,
      List<String> language,
      int size,
      String relativePath,
      int totalFiles,
      int totalChunks,
      String lastCommit,
      String status,
      String repoAliasName) {}

  /**
   * {@code total} repos, {@code ofUser} of them belonging to {@link #USER_ID} and the rest spread
   * over other users (50 each); every repo has a distinct creation time.
   */
  static List<RepoRow> repos(int total, int ofUser) {
    SplittableRandom random = new SplittableRandom(SEED + 2);
    List<Integer> order = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new java.util.Random(SEED + 3));
    List<String> languages = List.of("Python", "Java", "TypeScript", "Go", "Rust", "Kotlin");
    List<RepoRow> rows = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      String user = i < ofUser ? USER_ID : String.format("bench-user-%04d", 1 + (i - ofUser) / 50);
      // Creation times interleave users, a second apart in a shuffled order: distinct, unordered.
      Instant created = EPOCH.plus(order.get(i), ChronoUnit.SECONDS);
      String name = "repo-" + i;
      int languageCount = 1 + random.nextInt(3);
      List<String> language = new ArrayList<>(languageCount);
      for (int k = 0; k < languageCount; k++) {
        language.add(languages.get((i + k) % languages.size()));
      }
      rows.add(new RepoRow(IdKind.v4(random), user, String.valueOf(100_000_000L + i), name,
          "A repository used by the benchmark, number " + i + ".",
          "https://github.com/" + user + "/" + name, random.nextInt(50), random.nextInt(500),
          random.nextInt(4) == 0, random.nextInt(4) == 0 ? "private" : "public",
          IdKind.v4(random).toString(), created, created.minus(30, ChronoUnit.DAYS), language,
          random.nextInt(100_000), "repos/" + user + "/" + name, random.nextInt(2_000),
          random.nextInt(20_000), "c0ffee" + i, "completed", name));
    }
    return rows;
  }

  /**
   * The W2 deliveries: each of {@code messages} message ids once, every tenth delivered twice in a
   * row so that two workers race for it.
   */
  static List<String> claimFeed(int messages) {
    List<String> feed = new ArrayList<>(messages + messages / REDELIVERY_EVERY + 1);
    for (int i = 0; i < messages; i++) {
      String id = messageId(i);
      feed.add(id);
      if (i % REDELIVERY_EVERY == 0) {
        feed.add(id);
      }
    }
    return feed;
  }

  static String messageId(int index) {
    return String.format("msg-%07d", index);
  }

  static int messageIndex(String messageId) {
    return Integer.parseInt(messageId.substring(4));
  }

  /** The page numbers W3 fetches in one round: uniform over the user's pages. */
  static int[] pages(int count, int userRepos, int pageSize, long round) {
    SplittableRandom random = new SplittableRandom(SEED + 100 + round);
    int pageCount = userRepos / pageSize;
    int[] pages = new int[count];
    for (int i = 0; i < count; i++) {
      pages[i] = random.nextInt(pageCount);
    }
    return pages;
  }

  private static String content(SplittableRandom random, int length) {
    StringBuilder text = new StringBuilder(length + 32);
    int line = 0;
    while (text.length() < length) {
      text.append(WORDS[random.nextInt(WORDS.length)]);
      if (++line % 9 == 0) {
        text.append(random.nextInt(5) == 0 ? "\n\t" : "\n    ");
      } else {
        text.append(' ');
      }
    }
    return text.toString();
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }
}
