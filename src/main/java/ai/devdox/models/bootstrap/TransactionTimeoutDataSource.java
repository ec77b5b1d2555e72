package ai.devdox.models.bootstrap;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The statement timeout behind a transaction pooler. A session setting (the {@code options} startup
 * parameter, a {@code SET}) would stay on whichever server connection the pooler lent and leak into
 * other clients' transactions, and PgBouncer refuses the {@code options} parameter anyway. So each
 * transaction sets it for itself: when a connection of this data source leaves auto-commit, the
 * first statement of the new transaction is {@code SET LOCAL statement_timeout}, which PostgreSQL
 * forgets at commit or rollback.
 */
final class TransactionTimeoutDataSource implements DataSource {

  private final DataSource pool;
  private final String setLocal;

  TransactionTimeoutDataSource(DataSource pool, long timeoutMillis) {
    this.pool = pool;
    this.setLocal = "SET LOCAL statement_timeout = " + timeoutMillis;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(pool.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return wrap(pool.getConnection(username, password));
  }

  private Connection wrap(Connection connection) {
    InvocationHandler handler = (proxy, method, args) -> invoke(connection, method, args);
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private Object invoke(Connection connection, Method method, Object[] args) throws Throwable {
    boolean beginsTransaction =
        method.getName().equals("setAutoCommit")
            && args != null
            && Boolean.FALSE.equals(args[0])
            && connection.getAutoCommit();
    Object result;
    try {
      result = method.invoke(connection, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (beginsTransaction) {
      // pgjdbc sends BEGIN with this first statement, so the setting is the transaction's own.
      try (Statement statement = connection.createStatement()) {
        statement.execute(setLocal);
      }
    }
    return result;
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || pool.isWrapperFor(iface);
  }
}
