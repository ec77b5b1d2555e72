package ai.devdox.models.bootstrap;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything {@link DevdoxDatabase} needs to reach PostgreSQL: where, who, which schema, how large
 * a pool, and what to do to the schema at start-up.
 *
 * <p>Build one with {@link #builder()}, a preset ({@link #postgres}, {@link #supabaseDirect},
 * {@link #supabasePooler}) or {@link #fromEnvironment()}. Every value is checked by
 * {@link Builder#build()}; a bad one fails there with a message naming it. The password is never
 * part of {@link #toString()} or of any message.
 */
public final class DatabaseConfig {

  /** The Supabase transaction pooler's port. */
  public static final int SUPABASE_POOLER_PORT = 6543;

  private final String jdbcUrl;
  private final String host;
  private final int port;
  private final String database;
  private final String user;
  private final String password;
  private final String schema;
  private final int poolMin;
  private final int poolMax;
  private final SslMode sslMode;
  private final SchemaAction schemaAction;
  private final boolean transactionPooler;
  private final int fetchSize;
  private final int batchSize;
  private final Duration connectTimeout;
  private final Duration statementTimeout;
  private final Map<String, String> jdbcProperties;

  private DatabaseConfig(Builder b) {
    this.jdbcUrl = b.jdbcUrl;
    this.host = b.host;
    this.port = b.port;
    this.database = b.database;
    this.user = b.user;
    this.password = b.password;
    this.schema = b.schema;
    this.poolMin = b.poolMin;
    this.poolMax = b.poolMax;
    this.sslMode = b.sslMode;
    this.schemaAction = b.schemaAction;
    this.transactionPooler = b.transactionPooler;
    this.fetchSize = b.fetchSize;
    this.batchSize = b.batchSize;
    this.connectTimeout = b.connectTimeout;
    this.statementTimeout = b.statementTimeout;
    this.jdbcProperties = Collections.unmodifiableMap(new LinkedHashMap<>(b.jdbcProperties));
  }

  /** An empty builder: set a JDBC URL, or a host and database, then a user. */
  public static Builder builder() {
    return new Builder();
  }

  /** Plain PostgreSQL at {@code host:port}, database {@code database}. */
  public static Builder postgres(String host, int port, String database) {
    return builder().host(host).port(port).database(database);
  }

  /**
   * A Supabase project's direct connection: {@code db.<projectRef>.supabase.co:5432}, database
   * {@code postgres}, user {@code postgres}, SSL required. Add the password.
   */
  public static Builder supabaseDirect(String projectRef) {
    requireText(projectRef, "projectRef", "the project reference from the Supabase dashboard");
    return builder()
        .host("db." + projectRef + ".supabase.co")
        .port(5432)
        .database("postgres")
        .user("postgres")
        .sslMode(SslMode.REQUIRE);
  }

  /**
   * A Supabase transaction pooler (Supavisor or PgBouncer in transaction mode) at
   * {@code poolerHost:6543}, database {@code postgres}, user {@code postgres.<projectRef>}, SSL
   * required. Because consecutive transactions may run on different server connections, the preset
   * turns off server-side prepared statements ({@code prepareThreshold=0}), uses no fetch size
   * (cursors do not survive a transaction boundary) and sets no session state: no {@code options}
   * startup parameter (PgBouncer refuses it), no {@code SET} after connecting
   * ({@code assumeMinServerVersion=12} puts {@code application_name} in the startup packet), and a
   * statement timeout becomes a {@code SET LOCAL} at the start of each transaction.
   */
  public static Builder supabasePooler(String poolerHost, String projectRef) {
    requireText(poolerHost, "poolerHost", "e.g. aws-0-eu-central-1.pooler.supabase.com");
    requireText(projectRef, "projectRef", "the project reference from the Supabase dashboard");
    return builder()
        .host(poolerHost)
        .port(SUPABASE_POOLER_PORT)
        .database("postgres")
        .user("postgres." + projectRef)
        .sslMode(SslMode.REQUIRE)
        .transactionPooler(true);
  }

  /**
   * A builder filled from the process environment; see {@link EnvironmentConfig} for the variable
   * names.
   */
  public static Builder fromEnvironment() {
    return EnvironmentConfig.read(System::getenv);
  }

  /** A builder filled from {@code environment} (a variable name to value lookup). */
  public static Builder fromEnvironment(Function<String, String> environment) {
    return EnvironmentConfig.read(environment);
  }

  /** The JDBC URL the pool connects with (without user or password). */
  public String jdbcUrl() {
    if (jdbcUrl != null) {
      return jdbcUrl;
    }
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** Where the database is, for messages: host, port and database, never credentials. */
  public String describeTarget() {
    return JdbcUrls.redact(jdbcUrl()) + (user == null ? "" : " as user '" + user + "'");
  }

  public String user() {
    return user;
  }

  /** The password; never print it. */
  public String password() {
    return password;
  }

  /** The schema the tables live in, or null for the connection's default ({@code public}). */
  public String schema() {
    return schema;
  }

  public int poolMin() {
    return poolMin;
  }

  public int poolMax() {
    return poolMax;
  }

  /** The SSL mode, or null to leave the driver's default (or the URL's). */
  public SslMode sslMode() {
    return sslMode;
  }

  public SchemaAction schemaAction() {
    return schemaAction;
  }

  /** Whether connections go through a transaction-mode pooler (no prepared statements). */
  public boolean transactionPooler() {
    return transactionPooler;
  }

  /** Rows fetched per round trip for large results; 0 reads whole results at once. */
  public int fetchSize() {
    return fetchSize;
  }

  /** JDBC batch size for inserts and updates. */
  public int batchSize() {
    return batchSize;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The longest a statement may run before PostgreSQL cancels it, or null for no limit. */
  public Duration statementTimeout() {
    return statementTimeout;
  }

  /** Extra pgjdbc connection properties. */
  public Map<String, String> jdbcProperties() {
    return jdbcProperties;
  }

  /** A builder with this configuration's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.jdbcUrl = jdbcUrl;
    b.host = host;
    b.port = port;
    b.database = database;
    b.user = user;
    b.password = password;
    b.schema = schema;
    b.poolMin = poolMin;
    b.poolMax = poolMax;
    b.sslMode = sslMode;
    b.schemaAction = schemaAction;
    b.transactionPooler = transactionPooler;
    b.fetchSize = fetchSize;
    b.batchSize = batchSize;
    b.connectTimeout = connectTimeout;
    b.statementTimeout = statementTimeout;
    b.jdbcProperties.putAll(jdbcProperties);
    return b;
  }

  @Override
  public String toString() {
    return "DatabaseConfig{url=" + JdbcUrls.redact(jdbcUrl()) + ", user=" + user
        + ", password=" + (password == null ? "<none>" : "<redacted>") + ", schema=" + schema
        + ", pool=" + poolMin + ".." + poolMax + ", sslMode="
        + (sslMode == null ? "<driver default>" : sslMode.word()) + ", schemaAction="
        + schemaAction + ", transactionPooler=" + transactionPooler + ", fetchSize=" + fetchSize
        + ", batchSize=" + batchSize + ", connectTimeout=" + connectTimeout
        + ", statementTimeout=" + statementTimeout + ", jdbcProperties="
        + JdbcUrls.redactProperties(jdbcProperties) + "}";
  }

  private static void requireText(String value, String name, String hint) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is empty; give " + hint);
    }
  }

  /** Collects and checks a {@link DatabaseConfig}. */
  public static final class Builder {
    private String jdbcUrl;
    private String host;
    private int port = 5432;
    private String database;
    private String user;
    private String password;
    private String schema;
    private int poolMin = 1;
    private int poolMax = 10;
    private SslMode sslMode;
    private SchemaAction schemaAction = SchemaAction.NONE;
    private boolean transactionPooler;
    private int fetchSize;
    private int batchSize = 50;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration statementTimeout;
    private final Map<String, String> jdbcProperties = new LinkedHashMap<>();

    private Builder() {}

    /**
     * A full JDBC URL, {@code jdbc:postgresql://host:port/database[?properties]}. Replaces host,
     * port and database.
     */
    public Builder jdbcUrl(String jdbcUrl) {
      this.jdbcUrl = jdbcUrl;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      this.jdbcUrl = null;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder database(String database) {
      this.database = database;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** The schema holding the tables; null or blank for {@code public}. */
    public Builder schema(String schema) {
      this.schema = schema == null || schema.isBlank() ? null : schema;
      return this;
    }

    /** Idle connections the pool keeps (HikariCP's minimumIdle); 0 or more. */
    public Builder poolMin(int poolMin) {
      this.poolMin = poolMin;
      return this;
    }

    /** The most connections the pool opens; at least 1. */
    public Builder poolMax(int poolMax) {
      this.poolMax = poolMax;
      return this;
    }

    public Builder sslMode(SslMode sslMode) {
      this.sslMode = sslMode;
      return this;
    }

    /** The SSL mode by its pgjdbc word ({@code disable}, {@code require}, {@code verify-full}…). */
    public Builder sslMode(String sslMode) {
      this.sslMode = sslMode == null || sslMode.isBlank() ? null : SslMode.parse(sslMode);
      return this;
    }

    public Builder schemaAction(SchemaAction schemaAction) {
      this.schemaAction = Objects.requireNonNull(schemaAction, "schemaAction");
      return this;
    }

    /**
     * Whether a transaction-mode pooler stands between the pool and PostgreSQL: turns off
     * server-side prepared statements ({@code prepareThreshold=0}) and forbids a fetch size.
     */
    public Builder transactionPooler(boolean transactionPooler) {
      this.transactionPooler = transactionPooler;
      return this;
    }

    /** Rows per round trip for large results (0: whole results at once, the default). */
    public Builder fetchSize(int fetchSize) {
      this.fetchSize = fetchSize;
      return this;
    }

    /**
     * JDBC batch size for inserts and updates, Hibernate's {@code hibernate.jdbc.batch_size}
     * (default 50; 1 turns batching off). Also the number of chunks
     * {@code CodeChunkQueries.insertAll} flushes and detaches at a time. Larger batches save
     * round trips with diminishing returns; 50 to 200 suits rows the size of a chunk with its
     * embedding (about 15 kB of JSON each).
     */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** How long to wait for a connection to open before failing (default 10 s). */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** Cancel statements that run longer than this (null: no limit, the default). */
    public Builder statementTimeout(Duration statementTimeout) {
      this.statementTimeout = statementTimeout;
      return this;
    }

    /** An extra pgjdbc connection property, e.g. {@code ApplicationName}. */
    public Builder jdbcProperty(String name, String value) {
      this.jdbcProperties.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /**
     * Checks every value and returns the configuration.
     *
     * @throws IllegalArgumentException naming the first bad value and what to do about it
     */
    public DatabaseConfig build() {
      if (jdbcUrl != null) {
        if (jdbcUrl.isBlank()) {
          throw new IllegalArgumentException(
              "JDBC URL is empty; give jdbc:postgresql://host:port/database");
        }
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
          throw new IllegalArgumentException(
              "JDBC URL '" + JdbcUrls.redact(jdbcUrl)
                  + "' is not a PostgreSQL JDBC URL; it must start with jdbc:postgresql://");
        }
      } else {
        if (host == null || host.isBlank()) {
          throw new IllegalArgumentException(
              "no database given: set a JDBC URL (jdbc:postgresql://host:port/database) or a host"
                  + " and database");
        }
        if (database == null || database.isBlank()) {
          throw new IllegalArgumentException(
              "database name is empty for host '" + host + "'; set the database to connect to");
        }
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException("port " + port + " is out of range; use 1 to 65535");
        }
      }
      if (poolMax < 1) {
        throw new IllegalArgumentException(
            "pool max size is " + poolMax + "; it must be at least 1");
      }
      if (poolMin < 0) {
        throw new IllegalArgumentException(
            "pool min size is " + poolMin + "; it must be 0 or more");
      }
      if (poolMin > poolMax) {
        throw new IllegalArgumentException(
            "pool min size " + poolMin + " is larger than pool max size " + poolMax
                + "; lower the min or raise the max");
      }
      if (fetchSize < 0) {
        throw new IllegalArgumentException("fetch size is " + fetchSize + "; use 0 or more");
      }
      if (transactionPooler && fetchSize > 0) {
        throw new IllegalArgumentException(
            "fetch size " + fetchSize + " cannot be used through a transaction pooler (a cursor"
                + " does not survive the transaction); leave it at 0");
      }
      if (transactionPooler) {
        requireNoSessionSetting("options", "-c settings are session state that a transaction"
            + " pooler would leak into other clients (and PgBouncer refuses them); use"
            + " statementTimeout(...) for the timeout");
        String threshold = property("prepareThreshold");
        if (threshold != null && !threshold.trim().equals("0")) {
          throw new IllegalArgumentException(
              "prepareThreshold=" + threshold + " cannot be used through a transaction pooler (a"
                  + " named prepared statement lives on one server connection, the next"
                  + " transaction may get another); remove it, the preset sets 0");
        }
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size is " + batchSize + "; use 1 or more");
      }
      if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException(
            "connect timeout is " + connectTimeout + "; give a positive duration");
      }
      if (statementTimeout != null && (statementTimeout.isNegative() || statementTimeout.isZero())) {
        throw new IllegalArgumentException(
            "statement timeout is " + statementTimeout + "; give a positive duration or none");
      }
      if (user != null && user.isBlank()) {
        throw new IllegalArgumentException("user is blank; give the database user or leave it unset");
      }
      if (schema != null && schema.contains("\u0000")) {
        throw new IllegalArgumentException("schema name contains a NUL character");
      }
      return new DatabaseConfig(this);
    }

    private void requireNoSessionSetting(String name, String why) {
      if (property(name) != null) {
        throw new IllegalArgumentException(
            "JDBC property " + name + " cannot be used through a transaction pooler: " + why);
      }
    }

    /** A pgjdbc property from {@link #jdbcProperty} or the JDBC URL's query, any case; or null. */
    private String property(String name) {
      for (Map.Entry<String, String> entry : jdbcProperties.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name)) {
          return String.valueOf(entry.getValue());
        }
      }
      if (jdbcUrl != null && jdbcUrl.indexOf('?') >= 0) {
        for (String pair : jdbcUrl.substring(jdbcUrl.indexOf('?') + 1).split("&")) {
          int equals = pair.indexOf('=');
          String key = equals < 0 ? pair : pair.substring(0, equals);
          if (key.equalsIgnoreCase(name)) {
            return equals < 0 ? "" : pair.substring(equals + 1);
          }
        }
      }
      return null;
    }
  }
}
