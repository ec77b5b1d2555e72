package ai.devdox.models.query;

import ai.devdox.models.bootstrap.DatabaseConfig;
import ai.devdox.models.bootstrap.DevdoxDatabase;
import ai.devdox.models.bootstrap.SchemaAction;
import ai.devdox.models.testsupport.Connectivity;
import ai.devdox.models.testsupport.TestPostgres;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * A fresh database with the library's schema for one test class, reached directly or through
 * PgBouncer ({@link Connectivity}), and sessions that record every SQL statement Hibernate
 * prepares (a {@link StatementInspector}, the same SPI on Hibernate 6.6 and 7.x, attached per
 * session so the library's settings stay untouched). Plain SQL ({@link #sql}) always goes straight
 * to PostgreSQL: it stands for set-up by another service.
 */
final class QueryDb implements AutoCloseable {

  final TestPostgres.TestDatabase database;
  final DevdoxDatabase devdox;

  private QueryDb(TestPostgres.TestDatabase database, DevdoxDatabase devdox) {
    this.database = database;
    this.devdox = devdox;
  }

  static QueryDb start(String purpose) {
    return start(purpose, Connectivity.DIRECT);
  }

  static QueryDb start(String purpose, Connectivity connectivity) {
    return start(purpose, connectivity, UnaryOperator.identity());
  }

  /**
   * A new database named after {@code purpose} and {@code connectivity}, with the library started
   * on it that way; {@code tune} adjusts the configuration.
   */
  static QueryDb start(
      String purpose, Connectivity connectivity, UnaryOperator<DatabaseConfig.Builder> tune) {
    TestPostgres.TestDatabase database =
        TestPostgres.newDatabase(purpose + "_" + connectivity.name());
    DevdoxDatabase devdox =
        DevdoxDatabase.start(
            tune.apply(connectivity.config(database).schemaAction(SchemaAction.CREATE_MISSING))
                .build());
    return new QueryDb(database, devdox);
  }

  /** Runs {@code work} in a committed transaction of a plain entity manager. */
  <T> T tx(Function<EntityManager, T> work) {
    return devdox.inTransaction(work);
  }

  void txDo(Consumer<EntityManager> work) {
    devdox.inTransactionDo(work);
  }

  /**
   * Runs {@code work} in a new session that records its SQL, in a transaction that is committed
   * (or rolled back when {@code rollback}); returns the result and the statements.
   */
  <T> Recorded<T> recorded(boolean rollback, Function<EntityManager, T> work) {
    SqlRecorder recorder = new SqlRecorder();
    SessionFactory factory = devdox.entityManagerFactory().unwrap(SessionFactory.class);
    Session session = factory.withOptions().statementInspector(recorder).openSession();
    // Called as the Jakarta Persistence type, as the library itself does.
    EntityManager em = session;
    EntityTransaction tx = em.getTransaction();
    try {
      tx.begin();
      recorder.statements.clear();
      T result = work.apply(em);
      List<String> statements = List.copyOf(recorder.statements);
      if (rollback) {
        tx.rollback();
      } else {
        tx.commit();
      }
      return new Recorded<>(result, statements);
    } finally {
      if (tx.isActive()) {
        tx.rollback();
      }
      em.close();
    }
  }

  <T> Recorded<T> recorded(Function<EntityManager, T> work) {
    return recorded(false, work);
  }

  /** Plain SQL on the test database (autocommit), for set-up and plan checks. */
  void sql(String... statements) {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    devdox.close();
  }

  /** A result and the SQL statements that produced it, in order. */
  record Recorded<T>(T result, List<String> statements) {

    int count() {
      return statements.size();
    }

    String last() {
      return statements.get(statements.size() - 1);
    }

    /** Prints the statements under a heading, for the test output. */
    Recorded<T> print(String heading) {
      System.out.println("-- " + heading + ": " + statements.size() + " statement(s)");
      for (String sql : statements) {
        System.out.println("   " + sql);
      }
      return this;
    }
  }

  /** Collects the SQL of one session. */
  static final class SqlRecorder implements StatementInspector {
    private static final long serialVersionUID = 1L;
    final List<String> statements = Collections.synchronizedList(new ArrayList<>());

    @Override
    public String inspect(String sql) {
      statements.add(sql);
      return sql;
    }
  }
}
