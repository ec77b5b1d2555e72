package ai.devdox.models.bench;

import ai.devdox.models.bench.BenchData.ChunkRow;
import ai.devdox.models.bench.BenchData.RepoRow;
import ai.devdox.models.schema.CustomIndexes;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The plain JDBC side: what a careful engineer writes by hand for the same work, on the same pool
 * and the same rows. Prepared statements, batches that pgjdbc rewrites into multi-row inserts
 * ({@code reWriteBatchedInserts}, set on the pool), JSON written and read with Jackson's fast
 * double writer and parser, the claim protocol's two statements in one round trip, and {@code
 * COPY} for the physical limit of W1.
 */
final class JdbcWorkloads implements Workloads {

  /**
   * Rows per JDBC batch. With 5,000 chunks a round, batches of 50, 200 and 1,000 rows ran within
   * the noise of the benchmark machine of each other (the server's JSON parsing and WAL dominate);
   * 200 is a common hand-tuned choice.
   */
  static final int DEFAULT_BATCH = 200;

  static final String CHUNK_COLUMNS = "id, user_id, repo_id, content, embedding, metadata,"
      + " file_name, file_path, file_size, commit_number, created_at";

  static final String INSERT_CHUNK = "INSERT INTO code_chunks (" + CHUNK_COLUMNS + ")"
      + " VALUES (?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?, ?, ?)";

  static final String SELECT_CHUNKS =
      "SELECT " + CHUNK_COLUMNS + " FROM code_chunks WHERE repo_id = ?";

  static final String REPO_COLUMNS = "id, user_id, repo_id, repo_name, description, html_url,"
      + " default_branch, forks_count, stargazers_count, is_private, visibility, token_id,"
      + " created_at, updated_at, repo_created_at, repo_updated_at, language, size,"
      + " relative_path, total_files, total_chunks, processing_start_time, processing_end_time,"
      + " error_message, last_commit, status, repo_alias_name, repo_user_reference,"
      + " repo_system_reference";

  static final String PAGE_SQL = "SELECT " + REPO_COLUMNS
      + " FROM repo WHERE user_id = ? ORDER BY created_at DESC LIMIT ? OFFSET ?";

  /**
   * The claim protocol the library implements, by hand: the guarded insert (latest attempt read,
   * new attempt inserted only if there is none or it failed or is to be retried, stamped at least
   * a microsecond after it), then, on a fresh snapshot, the withdrawal of the new attempt when a
   * competing one follows the same previous attempt. Both in one round trip, in auto-commit: one
   * implicit transaction. The partial unique index rejects the insert of a worker that loses a
   * race while the winner is active. Parameters: message id, new id, message id, queue, worker,
   * new id.
   */
  static final String CLAIM_SQL =
      "WITH latest AS (SELECT id, status, coalesce(claimed_at, updated_at) AS at, updated_at"
          + " FROM queue_processing_registry WHERE message_id = ?"
          + " ORDER BY coalesce(claimed_at, updated_at) DESC, updated_at DESC, id DESC LIMIT 1)"
          + " INSERT INTO queue_processing_registry (id, message_id, queue_name, claimed_by,"
          + " step, status, previous_message_id, claimed_at, updated_at)"
          + " SELECT ?, ?, ?, ?, 'start', 'pending', latest.id, stamp.at, stamp.at"
          + " FROM (SELECT 1) AS one LEFT JOIN latest ON true"
          + " CROSS JOIN LATERAL (SELECT greatest(clock_timestamp(),"
          + " latest.at + interval '1 microsecond',"
          + " latest.updated_at + interval '1 microsecond') AS at) AS stamp"
          + " WHERE latest.id IS NULL OR latest.status IN ('failed', 'retry');"
          + " DELETE FROM queue_processing_registry AS mine WHERE mine.id = ? AND EXISTS ("
          + "SELECT 1 FROM queue_processing_registry AS other"
          + " WHERE other.message_id = mine.message_id AND other.id <> mine.id"
          + " AND other.previous_message_id IS NOT DISTINCT FROM mine.previous_message_id)";

  /**
   * The protocol as the Python services run it: the guarded insert alone, one statement, the
   * client's clock. No withdrawal, so a loser that wakes in the index after the winner has
   * committed and already completed claims a second time; W2's winners never complete, so the
   * window stays shut here. The cheapest claim there is: W2's limit.
   */
  static final String INDEX_ONLY_CLAIM_SQL =
      "WITH latest AS (SELECT id, status FROM queue_processing_registry WHERE message_id = ?"
          + " ORDER BY coalesce(claimed_at, updated_at) DESC, updated_at DESC, id DESC LIMIT 1)"
          + " INSERT INTO queue_processing_registry (id, message_id, queue_name, claimed_by,"
          + " step, status, previous_message_id, claimed_at, updated_at)"
          + " SELECT ?, ?, ?, ?, 'start', 'pending', latest.id, ?, ?"
          + " FROM (SELECT 1) AS one LEFT JOIN latest ON true"
          + " WHERE latest.id IS NULL OR latest.status IN ('failed', 'retry')";

  /** Jackson with its fast double writer and parser (Schubfach, FastDoubleParser). */
  static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .build();

  static final ObjectMapper MAPPER = new ObjectMapper(JSON);

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final DataSource dataSource;
  private final int batchSize;

  JdbcWorkloads(DataSource dataSource, int batchSize) {
    this.dataSource = dataSource;
    this.batchSize = batchSize;
  }

  @Override
  public String side() {
    return "jdbc";
  }

  @Override
  public long insertChunks(List<ChunkRow> rows) throws SQLException, IOException {
    StringBuilder json = new StringBuilder(16 * 1024);
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(INSERT_CHUNK)) {
        int inBatch = 0;
        for (ChunkRow row : rows) {
          insert.setObject(1, row.id());
          insert.setString(2, row.userId());
          insert.setString(3, row.repoId());
          insert.setString(4, row.content());
          json.setLength(0);
          insert.setString(5, writeEmbedding(row.embedding(), json).toString());
          insert.setString(6, MAPPER.writeValueAsString(row.metadata()));
          insert.setString(7, row.fileName());
          insert.setString(8, row.filePath());
          insert.setInt(9, row.fileSize());
          insert.setString(10, row.commitNumber());
          insert.setObject(11, OffsetDateTime.ofInstant(row.createdAt(), ZoneOffset.UTC));
          insert.addBatch();
          if (++inBatch == batchSize) {
            insert.executeBatch();
            inBatch = 0;
          }
        }
        if (inBatch > 0) {
          insert.executeBatch();
        }
        connection.commit();
      } catch (SQLException | IOException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
    return rows.size();
  }

  /** W1's physical limit: the same rows through {@code COPY ... FROM STDIN}, one transaction. */
  long copyChunks(List<ChunkRow> rows) throws SQLException, IOException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
            .copyIn("COPY code_chunks (" + CHUNK_COLUMNS + ") FROM STDIN");
        try {
          StringBuilder text = new StringBuilder(1 << 20);
          StringBuilder json = new StringBuilder(16 * 1024);
          for (ChunkRow row : rows) {
            text.append(row.id()).append('\t');
            copyText(text, row.userId()).append('\t');
            copyText(text, row.repoId()).append('\t');
            copyText(text, row.content()).append('\t');
            json.setLength(0);
            copyText(text, writeEmbedding(row.embedding(), json)).append('\t');
            copyText(text, MAPPER.writeValueAsString(row.metadata())).append('\t');
            copyText(text, row.fileName()).append('\t');
            copyText(text, row.filePath()).append('\t');
            text.append(row.fileSize()).append('\t');
            copyText(text, row.commitNumber()).append('\t');
            text.append(row.createdAt()).append('\n');
            if (text.length() > (1 << 20) - (32 * 1024)) {
              send(copy, text);
            }
          }
          send(copy, text);
          copy.endCopy();
        } finally {
          if (copy.isActive()) {
            copy.cancelCopy();
          }
        }
        connection.commit();
      } catch (SQLException | IOException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
    return rows.size();
  }

  /** Loads the W3 data set (not timed). */
  void copyRepos(List<RepoRow> rows) throws SQLException, IOException {
    String columns = "id, user_id, repo_id, repo_name, description, html_url, forks_count,"
        + " stargazers_count, is_private, visibility, token_id, created_at, updated_at,"
        + " repo_created_at, repo_updated_at, language, size, relative_path, total_files,"
        + " total_chunks, last_commit, status, repo_alias_name";
    try (Connection connection = dataSource.getConnection()) {
      CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
          .copyIn("COPY repo (" + columns + ") FROM STDIN");
      try {
        StringBuilder text = new StringBuilder(1 << 20);
        for (RepoRow r : rows) {
          text.append(r.id()).append('\t');
          copyText(text, r.userId()).append('\t');
          copyText(text, r.repoId()).append('\t');
          copyText(text, r.repoName()).append('\t');
          copyText(text, r.description()).append('\t');
          copyText(text, r.htmlUrl()).append('\t');
          text.append(r.forksCount()).append('\t');
          text.append(r.stargazersCount()).append('\t');
          text.append(r.isPrivate()).append('\t');
          copyText(text, r.visibility()).append('\t');
          copyText(text, r.tokenId()).append('\t');
          text.append(r.createdAt()).append('\t');
          text.append(r.createdAt()).append('\t');
          text.append(r.repoCreatedAt()).append('\t');
          text.append(r.repoCreatedAt()).append('\t');
          copyText(text, MAPPER.writeValueAsString(r.language())).append('\t');
          text.append(r.size()).append('\t');
          copyText(text, r.relativePath()).append('\t');
          text.append(r.totalFiles()).append('\t');
          text.append(r.totalChunks()).append('\t');
          copyText(text, r.lastCommit()).append('\t');
          copyText(text, r.status()).append('\t');
          copyText(text, r.repoAliasName()).append('\n');
          if (text.length() > (1 << 20) - (8 * 1024)) {
            send(copy, text);
          }
        }
        send(copy, text);
        copy.endCopy();
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
      try (Statement statement = connection.createStatement()) {
        // As autovacuum leaves a table in service: statistics and the visibility map set.
        statement.execute("VACUUM ANALYZE repo");
      }
    }
  }

  @Override
  public ClaimOutcome claim(String workerId, String messageId, String queueName)
      throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement claim = connection.prepareStatement(CLAIM_SQL)) {
      claim.setString(1, messageId);
      claim.setObject(2, id);
      claim.setString(3, messageId);
      claim.setString(4, queueName);
      claim.setString(5, workerId);
      claim.setObject(6, id);
      claim.execute();
      int inserted = claim.getUpdateCount();
      claim.getMoreResults();
      int withdrawn = claim.getUpdateCount();
      if (inserted == 0) {
        return ClaimOutcome.NOT_CLAIMABLE;
      }
      return withdrawn == 1 ? ClaimOutcome.LOST_RACE : ClaimOutcome.CLAIMED;
    } catch (SQLException e) {
      if (lostRace(e)) {
        return ClaimOutcome.LOST_RACE;
      }
      throw e;
    }
  }

  /** W2's limit: {@link #INDEX_ONLY_CLAIM_SQL}, one statement in auto-commit. */
  ClaimOutcome claimIndexOnly(String workerId, String messageId, String queueName)
      throws SQLException {
    OffsetDateTime now =
        OffsetDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement claim = connection.prepareStatement(INDEX_ONLY_CLAIM_SQL)) {
      claim.setString(1, messageId);
      claim.setObject(2, UUID.randomUUID());
      claim.setString(3, messageId);
      claim.setString(4, queueName);
      claim.setString(5, workerId);
      claim.setObject(6, now);
      claim.setObject(7, now);
      return claim.executeUpdate() == 1 ? ClaimOutcome.CLAIMED : ClaimOutcome.NOT_CLAIMABLE;
    } catch (SQLException e) {
      if (lostRace(e)) {
        return ClaimOutcome.LOST_RACE;
      }
      throw e;
    }
  }

  /** Every column of a {@code repo} row, as the JDBC side holds a page of them. */
  record RepoView(
      UUID id, String userId, String repoId, String repoName, String description, String htmlUrl,
      String defaultBranch, int forksCount, int stargazersCount, boolean isPrivate,
      String visibility, String tokenId, OffsetDateTime createdAt, OffsetDateTime updatedAt,
      OffsetDateTime repoCreatedAt, OffsetDateTime repoUpdatedAt, List<String> language,
      Integer size, String relativePath, int totalFiles, int totalChunks,
      OffsetDateTime processingStartTime, OffsetDateTime processingEndTime, String errorMessage,
      String lastCommit, String status, String repoAliasName, String repoUserReference,
      String repoSystemReference) {}

  @Override
  public List<RepoView> repoPage(String userId, int page, int size)
      throws SQLException, IOException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(PAGE_SQL)) {
      select.setString(1, userId);
      select.setInt(2, size);
      select.setInt(3, page * size);
      List<RepoView> repos = new ArrayList<>(size);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          repos.add(readRepo(rows));
        }
      }
      return repos;
    }
  }

  @Override
  public long pageHash(List<?> page) {
    long hash = 1;
    for (Object repo : page) {
      hash = hash * 31 + ((RepoView) repo).id().hashCode();
    }
    return hash;
  }

  @Override
  public List<ChunkRow> loadChunks(String repoId) throws SQLException, IOException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(SELECT_CHUNKS)) {
      select.setString(1, repoId);
      List<ChunkRow> chunks = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          chunks.add(new ChunkRow(
              rows.getObject(1, UUID.class),
              rows.getString(2),
              rows.getString(3),
              rows.getString(4),
              readEmbedding(rows.getString(5)),
              MAPPER.readValue(rows.getString(6), MAP),
              rows.getString(7),
              rows.getString(8),
              rows.getInt(9),
              rows.getString(10),
              rows.getObject(11, OffsetDateTime.class).toInstant()));
        }
      }
      return chunks;
    }
  }

  @Override
  public Loaded digest(List<?> chunks) {
    long digest = 0;
    for (Object row : chunks) {
      ChunkRow chunk = (ChunkRow) row;
      digest += Loaded.rowDigest(chunk.id(), chunk.content(), Arrays.hashCode(chunk.embedding()),
          chunk.metadata());
    }
    return new Loaded(chunks.size(), digest);
  }

  /** W5, in a fresh JVM: a plain connection and the same first query as the library's. */
  static int connectAndFirstQuery(String url, String user, String password)
      throws SQLException, IOException {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        PreparedStatement select = connection.prepareStatement(PAGE_SQL)) {
      select.setString(1, BenchData.USER_ID);
      select.setInt(2, 1);
      select.setInt(3, 0);
      int count = 0;
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          readRepo(rows);
          count++;
        }
      }
      return count;
    }
  }

  private static RepoView readRepo(ResultSet rows) throws SQLException, IOException {
    String language = rows.getString(17);
    int size = rows.getInt(18);
    Integer sizeOrNull = rows.wasNull() ? null : size;
    return new RepoView(
        rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3), rows.getString(4),
        rows.getString(5), rows.getString(6), rows.getString(7), rows.getInt(8), rows.getInt(9),
        rows.getBoolean(10), rows.getString(11), rows.getString(12),
        rows.getObject(13, OffsetDateTime.class), rows.getObject(14, OffsetDateTime.class),
        rows.getObject(15, OffsetDateTime.class), rows.getObject(16, OffsetDateTime.class),
        language == null ? null : MAPPER.readValue(language, STRINGS), sizeOrNull,
        rows.getString(19), rows.getInt(20), rows.getInt(21),
        rows.getObject(22, OffsetDateTime.class), rows.getObject(23, OffsetDateTime.class),
        rows.getString(24), rows.getString(25), rows.getString(26), rows.getString(27),
        rows.getString(28), rows.getString(29));
  }

  /** Appends {@code numbers} as a JSON array, each number the shortest text of its double. */
  static StringBuilder writeEmbedding(double[] numbers, StringBuilder out) {
    out.append('[');
    for (int i = 0; i < numbers.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(NumberOutput.toString(numbers[i], true));
    }
    return out.append(']');
  }

  static double[] readEmbedding(String json) throws IOException {
    if (json == null) {
      return null;
    }
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new IOException("embedding is not a JSON array");
      }
      double[] numbers = new double[768];
      int count = 0;
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
          throw new IOException("embedding holds " + token + ", not a number");
        }
        if (count == numbers.length) {
          numbers = Arrays.copyOf(numbers, count * 2);
        }
        numbers[count++] = parser.getDoubleValue();
      }
      return count == numbers.length ? numbers : Arrays.copyOf(numbers, count);
    }
  }

  /** Appends {@code value} in COPY's text format: backslash, tab and line ends escaped. */
  static StringBuilder copyText(StringBuilder out, CharSequence value) {
    if (value == null) {
      return out.append("\\N");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out;
  }

  private static void send(CopyIn copy, StringBuilder text) throws SQLException {
    if (text.length() == 0) {
      return;
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    text.setLength(0);
  }

  static boolean lostRace(SQLException e) {
    if (!"23505".equals(e.getSQLState())) {
      return false;
    }
    if (e instanceof PSQLException psql) {
      ServerErrorMessage server = psql.getServerErrorMessage();
      if (server != null && server.getConstraint() != null) {
        return CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX.equals(server.getConstraint());
      }
    }
    return e.getMessage() != null && e.getMessage().contains(CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX);
  }
}
