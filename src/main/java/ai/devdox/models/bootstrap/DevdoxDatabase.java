package ai.devdox.models.bootstrap;

import ai.devdox.models.entity.DevdoxEntities;
import ai.devdox.models.schema.SchemaApplier;
import ai.devdox.models.schema.SchemaFinding;
import ai.devdox.models.schema.SchemaReport;
import ai.devdox.models.schema.SchemaVerifier;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;

/**
 * A HikariCP pool and a Hibernate {@link EntityManagerFactory} over the library's entities, for
 * services and workers that do not have a framework to make them.
 *
 * <pre>{@code
 * try (DevdoxDatabase db = DevdoxDatabase.start(DatabaseConfig.fromEnvironment().build())) {
 *   User user = db.inTransaction(em -> em.find(User.class, id));
 * }
 * }</pre>
 *
 * <p>The entity classes are listed explicitly ({@link DevdoxEntities#ALL}); nothing is scanned.
 * {@link #close()} closes the factory and the pool.
 */
public final class DevdoxDatabase implements AutoCloseable {

  /**
   * Entity manager factory property, {@code "true"} when the statement timeout is set per
   * transaction ({@code SET LOCAL}, behind a transaction pooler) so that work in auto-commit would
   * run without it. {@link ai.devdox.models.queue.QueueClaims} then runs its own claims, and the
   * calls on them, in explicit transactions. A factory built elsewhere that sets its timeout the same way should
   * set it too.
   */
  public static final String TIMEOUT_PER_TRANSACTION = "ai.devdox.models.timeout_per_transaction";

  private final DatabaseConfig config;
  private final HikariDataSource dataSource;
  // Held and called as the Jakarta Persistence type: Hibernate 7 narrows the return types of
  // SessionFactory's JPA methods, so a call through SessionFactory compiled against 7 would not
  // link on 6.6.
  private final EntityManagerFactory entityManagerFactory;

  private DevdoxDatabase(DatabaseConfig config, HikariDataSource dataSource, SessionFactory sf) {
    this.config = config;
    this.dataSource = dataSource;
    this.entityManagerFactory = sf;
  }

  /**
   * Opens the pool (one connection is made at once, so a bad host, password or database fails
   * here), builds the entity manager factory and carries out the configured {@link SchemaAction}.
   *
   * @throws DevdoxDatabaseException with one clear sentence when the database cannot be reached or
   *     its schema does not validate; the password is never part of it
   */
  public static DevdoxDatabase start(DatabaseConfig config) {
    return start(config, Map.of());
  }

  /** {@link #start(DatabaseConfig)} with extra Hibernate settings (tests switch features off). */
  static DevdoxDatabase start(DatabaseConfig config, Map<String, Object> extraSettings) {
    Objects.requireNonNull(config, "config");
    HikariDataSource dataSource = openPool(config);
    try {
      carryOutSchemaAction(dataSource, config);
      SessionFactory sessionFactory =
          buildSessionFactory(
              hibernateDataSource(dataSource, config), config.schema(), config, extraSettings);
      return new DevdoxDatabase(config, dataSource, sessionFactory);
    } catch (DevdoxDatabaseException e) {
      dataSource.close();
      throw e;
    } catch (RuntimeException e) {
      dataSource.close();
      throw new DevdoxDatabaseException(
          "could not start the persistence layer on " + config.describeTarget() + ": "
              + ConnectionFailures.scrub(rootMessage(e), config),
          e);
    }
  }

  /** The configuration this database was started with. */
  public DatabaseConfig config() {
    return config;
  }

  /** The entity manager factory over the library's entities. */
  public EntityManagerFactory entityManagerFactory() {
    return entityManagerFactory;
  }

  /** The same factory as Hibernate's {@link SessionFactory}. */
  public SessionFactory sessionFactory() {
    return entityManagerFactory.unwrap(SessionFactory.class);
  }

  /** The pool, for plain JDBC next to the entities. */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * Runs {@code work} in a transaction of its own, flushes and commits it; rolls back if anything
   * throws. Failures come back translated by {@link DevdoxErrors} (the original is the cause):
   *
   * <ul>
   *   <li>{@link DevdoxInvalidDataException}: a value too long for its column or null in a required
   *       one, naming {@code table.column} and the limit; nothing was written;
   *   <li>{@link DevdoxConnectionException}: the connection was lost or the database is
   *       unreachable; nothing was written unless {@link
   *       DevdoxConnectionException#commitOutcomeUnknown()} says the commit itself was cut off;
   *   <li>{@link DevdoxPoolExhaustedException}: no pooled connection came free within the connect
   *       timeout; the message names the pool size;
   *   <li>{@link DevdoxStatementTimeoutException}: a statement ran past the statement timeout;
   *   <li>anything else (a unique-constraint violation, an exception thrown by {@code work})
   *       unchanged.
   * </ul>
   */
  public <T> T inTransaction(Function<EntityManager, T> work) {
    EntityManager em = entityManagerFactory.createEntityManager();
    EntityTransaction tx = em.getTransaction();
    boolean committing = false;
    try {
      tx.begin();
      T result = work.apply(em);
      // Flush first, so that a failure of the writes themselves (certainly not committed) is told
      // apart from a failure of the commit (outcome unknown when the connection breaks there).
      em.flush();
      committing = true;
      tx.commit();
      return result;
    } catch (RuntimeException e) {
      RuntimeException translated = DevdoxErrors.translate(e, em, config, committing);
      rollbackQuietly(tx, translated);
      throw translated;
    } catch (Error e) {
      RuntimeException lost = DevdoxErrors.translateDriverError(e, config, committing);
      rollbackQuietly(tx, lost != null ? lost : e);
      if (lost != null) {
        throw lost;
      }
      throw e;
    } finally {
      em.close();
    }
  }

  private static void rollbackQuietly(EntityTransaction tx, Throwable failure) {
    try {
      if (tx.isActive()) {
        tx.rollback();
      }
    } catch (RuntimeException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }

  /** Runs {@code work} in a transaction of its own and commits it; rolls back if it throws. */
  public void inTransactionDo(Consumer<EntityManager> work) {
    inTransaction(
        em -> {
          work.accept(em);
          return null;
        });
  }

  /** Closes the entity manager factory, then the pool. */
  @Override
  public void close() {
    try {
      entityManagerFactory.close();
    } finally {
      dataSource.close();
    }
  }

  @Override
  public String toString() {
    return "DevdoxDatabase{" + config + "}";
  }

  static HikariDataSource openPool(DatabaseConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("devdox");
    // A password in the URL would be logged by pgjdbc (the URL it connects with) and Hibernate
    // (the URL the driver reports): connect with the URL without it.
    Map.Entry<String, Map<String, String>> url = JdbcUrls.splitSecrets(config.jdbcUrl());
    hikari.setJdbcUrl(url.getKey());
    hikari.setUsername(config.user());
    hikari.setPassword(
        config.password() != null ? config.password() : url.getValue().get("password"));
    if (url.getValue().containsKey("sslpassword")) {
      hikari.addDataSourceProperty("sslpassword", url.getValue().get("sslpassword"));
    }
    hikari.setMinimumIdle(config.poolMin());
    hikari.setMaximumPoolSize(config.poolMax());
    hikari.setConnectionTimeout(Math.max(250, config.connectTimeout().toMillis()));
    // One connection at start, so a wrong host, password or database fails here, not later.
    hikari.setInitializationFailTimeout(1);
    for (Map.Entry<String, String> property : jdbcProperties(config).entrySet()) {
      hikari.addDataSourceProperty(property.getKey(), property.getValue());
    }
    try {
      return new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw ConnectionFailures.explain(config, e);
    }
  }

  /**
   * The pgjdbc properties the configuration implies, in addition to its own.
   * {@code reWriteBatchedInserts=true} turns each JDBC batch of inserts into multi-row
   * {@code INSERT}s; together with Hibernate's {@code hibernate.jdbc.batch_size} and
   * {@code hibernate.order_inserts} (see {@link HibernateSettings}) it makes bulk inserts of
   * chunks a few round trips per batch.
   */
  static Map<String, String> jdbcProperties(DatabaseConfig config) {
    Map<String, String> properties = new java.util.LinkedHashMap<>();
    // Lets pgjdbc send a JDBC batch of inserts as multi-row INSERTs: far fewer round trips.
    properties.put("reWriteBatchedInserts", "true");
    properties.put(
        "connectTimeout",
        String.valueOf(Math.max(1, (config.connectTimeout().toMillis() + 999) / 1000)));
    properties.put("ApplicationName", "devdox-ai-models-java");
    // pgjdbc otherwise appends the server's DETAIL to exception messages and logs; for a NOT NULL
    // or CHECK violation that is "Failing row contains (...)", every value of the row, secrets
    // included. The SQLState, table, column and constraint stay available.
    properties.put("logServerErrorDetail", "false");
    if (config.sslMode() != null) {
      properties.put("sslmode", config.sslMode().word());
    }
    if (config.transactionPooler()) {
      // A transaction pooler hands each transaction to any server connection: a named prepared
      // statement made on one would be missing on the next.
      properties.put("prepareThreshold", "0");
      // Sends application_name in the startup packet instead of a SET after connecting: no
      // session state on the pooler's server connections (pgjdbc sends no other SET to a
      // PostgreSQL 12 or newer).
      properties.put("assumeMinServerVersion", "12");
    } else if (config.statementTimeout() != null) {
      properties.put("options", "-c statement_timeout=" + config.statementTimeout().toMillis());
    }
    properties.putAll(config.jdbcProperties());
    return properties;
  }

  /**
   * The data source Hibernate draws from: the pool itself, or behind a transaction pooler with a
   * statement timeout, the pool whose transactions each set the timeout locally.
   */
  static DataSource hibernateDataSource(HikariDataSource pool, DatabaseConfig config) {
    if (config.transactionPooler() && config.statementTimeout() != null) {
      return new TransactionTimeoutDataSource(pool, config.statementTimeout().toMillis());
    }
    return pool;
  }

  static SessionFactory buildSessionFactory(
      DataSource dataSource,
      String schema,
      DatabaseConfig config,
      Map<String, Object> extraSettings) {
    StandardServiceRegistryBuilder registryBuilder = new StandardServiceRegistryBuilder();
    registryBuilder.applySettings(HibernateSettings.of(dataSource, schema, config));
    registryBuilder.applySettings(extraSettings);
    StandardServiceRegistry registry = registryBuilder.build();
    try {
      MetadataSources sources = new MetadataSources(registry);
      DevdoxEntities.ALL.forEach(sources::addAnnotatedClass);
      return sources.buildMetadata().buildSessionFactory();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }

  private static void carryOutSchemaAction(DataSource dataSource, DatabaseConfig config) {
    SchemaAction action = config.schemaAction();
    try {
      switch (action) {
        case CREATE_MISSING -> SchemaApplier.apply(dataSource, config.schema(), true);
        case VALIDATE -> requireMatchingSchema(dataSource, config);
        case NONE -> {}
      }
    } catch (SQLException e) {
      throw new DevdoxDatabaseException(
          "could not " + (action == SchemaAction.VALIDATE ? "check" : "create")
              + " the schema on " + config.describeTarget() + ": "
              + ConnectionFailures.scrub(e.getMessage(), config),
          e);
    }
  }

  private static void requireMatchingSchema(DataSource dataSource, DatabaseConfig config)
      throws SQLException {
    SchemaReport report = SchemaVerifier.verify(dataSource, config.schema());
    if (report.matches()) {
      return;
    }
    List<SchemaFinding> failures = report.failures();
    String shown =
        failures.stream().limit(5).map(SchemaFinding::message).collect(Collectors.joining("; "));
    throw new DevdoxDatabaseException(
        "schema validation failed on " + config.describeTarget() + ": " + failures.size()
            + " difference" + (failures.size() == 1 ? "" : "s") + " from the entities: " + shown
            + (failures.size() > 5 ? "; ..." : "")
            + ". List them all with SchemaVerifier (or the schema tool's verify); schema action"
            + " create-missing creates what is missing");
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage();
    if (root != e && root.getMessage() != null && !root.getMessage().equals(message)) {
      message = message + " (" + root.getMessage() + ")";
    }
    return message;
  }
}
