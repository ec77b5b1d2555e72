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
    Objects.requireNonNull(config, "config");
    HikariDataSource dataSource = openPool(config);
    try {
      carryOutSchemaAction(dataSource, config);
      SessionFactory sessionFactory =
          buildSessionFactory(dataSource, config.schema(), config);
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

  /** Runs {@code work} in a transaction of its own and commits it; rolls back if it throws. */
  public <T> T inTransaction(Function<EntityManager, T> work) {
    EntityManager em = entityManagerFactory.createEntityManager();
    EntityTransaction tx = em.getTransaction();
    try {
      tx.begin();
      T result = work.apply(em);
      tx.commit();
      return result;
    } catch (RuntimeException | Error e) {
      if (tx.isActive()) {
        try {
          tx.rollback();
        } catch (RuntimeException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
      }
      throw e;
    } finally {
      em.close();
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
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
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
    if (config.sslMode() != null) {
      properties.put("sslmode", config.sslMode().word());
    }
    if (config.transactionPooler()) {
      // A transaction pooler hands each transaction to any server connection: a named prepared
      // statement made on one would be missing on the next.
      properties.put("prepareThreshold", "0");
    } else if (config.statementTimeout() != null) {
      properties.put("options", "-c statement_timeout=" + config.statementTimeout().toMillis());
    }
    properties.putAll(config.jdbcProperties());
    return properties;
  }

  static SessionFactory buildSessionFactory(
      DataSource dataSource, String schema, DatabaseConfig config) {
    StandardServiceRegistryBuilder registryBuilder = new StandardServiceRegistryBuilder();
    registryBuilder.applySettings(HibernateSettings.of(dataSource, schema, config));
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
