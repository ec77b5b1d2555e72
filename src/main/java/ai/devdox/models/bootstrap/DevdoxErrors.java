package ai.devdox.models.bootstrap;

import ai.devdox.models.bootstrap.EntityColumns.ColumnInfo;
import jakarta.persistence.EntityManager;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.JDBCException;
import org.hibernate.PropertyValueException;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Turns the failures of database work into the library's exceptions, whose messages say what went
 * wrong, with which column or setting, and what to do:
 *
 * <table>
 *   <caption>What is translated</caption>
 *   <tr><th>failure</th><th>becomes</th></tr>
 *   <tr><td>value too long for {@code varchar(N)} (SQLState 22001), Bean Validation's
 *       {@code @Size}</td><td>{@link DevdoxInvalidDataException}: {@code repo.repo_alias_name is
 *       limited to 100 characters, got 101}</td></tr>
 *   <tr><td>null in a required column (23502), Bean Validation's {@code @NotNull}, Hibernate's
 *       nullability check</td><td>{@link DevdoxInvalidDataException}: {@code repo.repo_alias_name
 *       is required, got null}</td></tr>
 *   <tr><td>statement cancelled by the statement timeout (57014)</td>
 *       <td>{@link DevdoxStatementTimeoutException}</td></tr>
 *   <tr><td>connection lost (SQLState class 08, 57P01/57P02/57P03) or database unreachable</td>
 *       <td>{@link DevdoxConnectionException}</td></tr>
 *   <tr><td>HikariCP found no free connection in time</td>
 *       <td>{@link DevdoxPoolExhaustedException}, naming the pool size</td></tr>
 * </table>
 *
 * <p>Anything else is returned unchanged (a unique-constraint violation, for instance, stays
 * Hibernate's {@code ConstraintViolationException}). {@link DevdoxDatabase#inTransaction} applies
 * this translation itself; services that run their own transactions (Spring, Quarkus) call
 * {@link #translate(Throwable)} in their error handling. The original failure is always the cause.
 * Messages never contain a value, only its length.
 */
public final class DevdoxErrors {

  private static final Pattern VARCHAR_LIMIT = Pattern.compile("varying\\((\\d+)\\)");
  private static final Pattern WRITE_TARGET =
      Pattern.compile(
          "(?is)^\\s*(?:insert\\s+into|update)\\s+(\"[^\"]+\"|[\\w$]+)(?:\\.(\"[^\"]+\"|[\\w$]+))?");
  private static final Pattern HIKARI_TOTAL = Pattern.compile("total=(\\d+)");
  private static final Pattern HIKARI_WAITED = Pattern.compile("timed out after (\\d+)ms");
  private static final Pattern HIKARI_POOL = Pattern.compile("^(\\S+) - Connection is not available");

  private DevdoxErrors() {}

  /**
   * The library's exception for {@code failure}, or {@code failure} itself when it is not one the
   * library translates (a checked exception is wrapped in a {@link DevdoxDatabaseException}).
   * Without an entity manager in reach, a too-long value is reported with the table and the limit,
   * and the column when only one column of that table has that limit.
   */
  public static RuntimeException translate(Throwable failure) {
    return translate(failure, null, null, false);
  }

  static RuntimeException translate(
      Throwable failure, EntityManager em, DatabaseConfig config, boolean committing) {
    if (failure instanceof DevdoxDatabaseException known) {
      return known;
    }
    RuntimeException translated = translateOrNull(failure, em, config, committing);
    if (translated != null) {
      return translated;
    }
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    return new DevdoxDatabaseException(scrub(String.valueOf(failure.getMessage()), config), failure);
  }

  /**
   * With assertions enabled ({@code -ea}), pgjdbc 42.7 fails an {@code assert} ("getAutoCommit()
   * should not throw") when a JDBC batch's connection closed under it: a lost connection like any
   * other, reported as one. Other errors are not translated (null).
   */
  static RuntimeException translateDriverError(
      Error error, DatabaseConfig config, boolean committing) {
    StackTraceElement[] trace = error.getStackTrace();
    if (!(error instanceof AssertionError)
        || trace.length == 0
        || !trace[0].getClassName().startsWith("org.postgresql.")) {
      return null;
    }
    String where = config == null ? "" : " at " + config.describeTarget();
    String what = "the PostgreSQL driver lost its connection" + where + " during a batch ("
        + firstLine(error.getMessage()) + ")";
    return new DevdoxConnectionException(
        scrub(committing
            ? what + " while committing: the transaction may or may not have committed; check for"
                + " its rows before running it again"
            : what + "; the transaction was rolled back and nothing of it was written: run it"
                + " again once the database answers", config),
        committing,
        error);
  }

  private static RuntimeException translateOrNull(
      Throwable failure, EntityManager em, DatabaseConfig config, boolean committing) {
    ConstraintViolationException validation = find(failure, ConstraintViolationException.class);
    if (validation != null) {
      return invalid(validation.getConstraintViolations(), failure);
    }
    PropertyValueException nullProperty = find(failure, PropertyValueException.class);
    if (nullProperty != null) {
      return nullProperty(nullProperty, failure);
    }
    SQLTransientConnectionException noConnection =
        find(failure, SQLTransientConnectionException.class);
    if (noConnection != null) {
      return noConnection(noConnection, config, failure);
    }
    SQLException sql = innermostSql(failure);
    if (sql == null || sql.getSQLState() == null) {
      return null;
    }
    String state = sql.getSQLState();
    if (state.equals("22001")) {
      return tooLong(sql, failure, em);
    }
    if (state.equals("23502")) {
      return notNull(sql, failure);
    }
    if (state.equals("57014")
        && String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT).contains("statement timeout")) {
      String limit =
          config != null && config.statementTimeout() != null
              ? " of " + config.statementTimeout().toMillis() + " ms"
              : "";
      return new DevdoxStatementTimeoutException(
          "PostgreSQL cancelled a statement that ran longer than the statement timeout" + limit
              + "; the transaction was rolled back and nothing of it was written. Make the work"
              + " cheaper (an index, smaller batches) or raise the statement timeout",
          failure);
    }
    if (isConnectionState(state)) {
      String where = config == null ? "" : " at " + config.describeTarget();
      String cause = " (SQLState " + state + ": " + firstLine(sql.getMessage()) + ")";
      if (committing) {
        return new DevdoxConnectionException(
            scrub("the connection to PostgreSQL" + where + " was lost while committing" + cause
                + ": the transaction may or may not have committed; check for its rows before"
                + " running it again", config),
            true,
            failure);
      }
      return new DevdoxConnectionException(
          scrub("the connection to PostgreSQL" + where + " was lost" + cause
              + "; the transaction was rolled back and nothing of it was written: run it again"
              + " once the database answers (the pool replaces broken connections by itself)",
              config),
          false,
          failure);
    }
    return null;
  }

  private static RuntimeException noConnection(
      SQLTransientConnectionException timeout, DatabaseConfig config, Throwable failure) {
    String text = String.valueOf(timeout.getMessage());
    String waited = group(HIKARI_WAITED, text);
    String pool = group(HIKARI_POOL, text);
    Throwable reason = timeout.getCause();
    String state = timeout.getSQLState();
    if (reason != null || (state != null && isConnectionState(state))) {
      String where = config == null ? "" : " at " + config.describeTarget();
      String why = reason == null ? "SQLState " + state : firstLine(reason.getMessage());
      return new DevdoxConnectionException(
          scrub("no connection to PostgreSQL" + where
              + (waited == null ? "" : " could be opened within " + waited + " ms") + " (" + why
              + "); the transaction did not start and nothing was written: run it again once the"
              + " database answers", config),
          false,
          failure);
    }
    int poolMax = config != null ? config.poolMax() : parseInt(group(HIKARI_TOTAL, text));
    return new DevdoxPoolExhaustedException(
        "no database connection free: all " + (poolMax > 0 ? poolMax : "the") + " connections of"
            + " pool '" + (pool == null ? "devdox" : pool) + "' (pool max size "
            + (poolMax > 0 ? poolMax : "unknown") + ") stayed busy for "
            + (waited == null ? "the whole connect timeout" : waited + " ms")
            + "; the transaction did not start and nothing was written. Raise the pool max size"
            + " (poolMax, " + EnvironmentConfig.POOL_MAX + "), shorten the transactions that hold"
            + " connections, or run fewer at once",
        poolMax,
        failure);
  }

  private static RuntimeException invalid(
      Set<ConstraintViolation<?>> violations, Throwable failure) {
    List<String> problems = new ArrayList<>();
    Set<String> columns = new LinkedHashSet<>();
    for (ConstraintViolation<?> violation : violations) {
      Class<?> entity = violation.getRootBeanClass();
      String property = String.valueOf(violation.getPropertyPath());
      ColumnInfo info = EntityColumns.column(entity, property);
      String name =
          info != null ? info.qualifiedName() : entity.getSimpleName() + "." + property;
      columns.add(name);
      Object annotation = violation.getConstraintDescriptor().getAnnotation();
      Object value = violation.getInvalidValue();
      if (annotation instanceof Size size) {
        int got = value instanceof CharSequence text ? text.length() : -1;
        problems.add(name + " is limited to " + size.max() + " characters"
            + (got >= 0 ? ", got " + got : ""));
      } else if (annotation instanceof NotNull) {
        problems.add(name + " is required, got null");
      } else {
        problems.add(name + " " + violation.getMessage());
      }
    }
    problems.sort(null);
    return new DevdoxInvalidDataException(
        String.join("; ", problems) + " (checked by Bean Validation; nothing was written)",
        List.copyOf(columns),
        failure);
  }

  private static RuntimeException nullProperty(PropertyValueException e, Throwable failure) {
    Class<?> entity = EntityColumns.entityNamed(e.getEntityName());
    ColumnInfo info = entity == null ? null : EntityColumns.column(entity, e.getPropertyName());
    String name = info != null ? info.qualifiedName() : e.getEntityName() + "." + e.getPropertyName();
    return new DevdoxInvalidDataException(
        name + " is required, got null (nothing was written)", List.of(name), failure);
  }

  private static RuntimeException notNull(SQLException sql, Throwable failure) {
    String table = null;
    String column = null;
    if (sql instanceof org.postgresql.util.PSQLException psql
        && psql.getServerErrorMessage() != null) {
      table = psql.getServerErrorMessage().getTable();
      column = psql.getServerErrorMessage().getColumn();
    }
    if (table == null || column == null) {
      return null;
    }
    String name = table + "." + column;
    return new DevdoxInvalidDataException(
        name + " is required, got null (PostgreSQL refused the row; nothing was written)",
        List.of(name),
        failure);
  }

  private static RuntimeException tooLong(SQLException sql, Throwable failure, EntityManager em) {
    int limit = parseInt(group(VARCHAR_LIMIT, String.valueOf(sql.getMessage())));
    String table = writtenTable(failure);
    List<String> problems = new ArrayList<>();
    Set<String> columns = new LinkedHashSet<>();
    for (Object entity : managedEntities(em)) {
      for (ColumnInfo info : EntityColumns.columns(entity.getClass())) {
        if (info.length() <= 0 || (table != null && !info.table().equals(table))) {
          continue;
        }
        Object value = read(info, entity);
        if (value instanceof String text && text.length() > info.length()
            && (limit <= 0 || info.length() == limit)) {
          if (columns.add(info.qualifiedName())) {
            problems.add(info.qualifiedName() + " is limited to " + info.length()
                + " characters, got " + text.length());
          }
        }
      }
    }
    String suffix = " (PostgreSQL refused the row; nothing was written)";
    if (!problems.isEmpty()) {
      problems.sort(null);
      return new DevdoxInvalidDataException(
          String.join("; ", problems) + suffix, List.copyOf(columns), failure);
    }
    List<String> candidates = new ArrayList<>();
    if (table != null) {
      for (ColumnInfo info : EntityColumns.columnsOfTable(table)) {
        if (info.length() > 0 && (limit <= 0 || info.length() == limit)) {
          candidates.add(info.qualifiedName());
        }
      }
    }
    String limitText = limit > 0 ? String.valueOf(limit) : "its column's";
    if (candidates.size() == 1) {
      return new DevdoxInvalidDataException(
          candidates.get(0) + " is limited to " + limitText + " characters, got more" + suffix,
          candidates,
          failure);
    }
    String message =
        (table == null ? "a value" : "a value for table " + table) + " is longer than the "
            + limitText + " characters its column allows"
            + (candidates.isEmpty() ? "" : " (columns with that limit: "
                + String.join(", ", candidates) + ")")
            + suffix;
    return new DevdoxInvalidDataException(message, List.of(), failure);
  }

  private static Collection<Object> managedEntities(EntityManager em) {
    if (em == null) {
      return List.of();
    }
    try {
      Map<?, Object> byKey =
          em.unwrap(SharedSessionContractImplementor.class)
              .getPersistenceContextInternal()
              .getEntitiesByKey();
      return new ArrayList<>(byKey.values());
    } catch (RuntimeException notHibernate) {
      return List.of();
    }
  }

  private static Object read(ColumnInfo info, Object entity) {
    try {
      info.field().setAccessible(true);
      return info.field().get(entity);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The table an INSERT or UPDATE in the failure's SQL writes to, unquoted, without schema. */
  private static String writtenTable(Throwable failure) {
    for (Throwable t = failure; t != null; t = next(t, failure)) {
      if (t instanceof JDBCException jdbc && jdbc.getSQL() != null) {
        Matcher m = WRITE_TARGET.matcher(jdbc.getSQL());
        if (m.find()) {
          String target = m.group(2) != null ? m.group(2) : m.group(1);
          return EntityColumns.unquote(target);
        }
      }
    }
    return null;
  }

  private static boolean isConnectionState(String state) {
    return state.startsWith("08")
        || state.equals("57P01")
        || state.equals("57P02")
        || state.equals("57P03");
  }

  /** The most specific SQLException of the chain (a batch's next exception included). */
  private static SQLException innermostSql(Throwable failure) {
    SQLException found = null;
    for (Throwable t = failure; t != null; t = next(t, failure)) {
      if (t instanceof SQLException sql) {
        found = sql;
        if (sql instanceof BatchUpdateException batch && batch.getNextException() != null) {
          found = batch.getNextException();
        }
      }
    }
    return found;
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = next(t, failure)) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** The cause of {@code t}, or null at the end of the chain or on a cycle back to the start. */
  private static Throwable next(Throwable t, Throwable start) {
    Throwable cause = t.getCause();
    return cause == t || cause == start ? null : cause;
  }

  private static String group(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  private static int parseInt(String text) {
    try {
      return text == null ? 0 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String firstLine(String text) {
    String value = String.valueOf(text);
    int newline = value.indexOf('\n');
    return newline < 0 ? value : value.substring(0, newline);
  }

  private static String scrub(String text, DatabaseConfig config) {
    return config == null ? JdbcUrls.redact(text) : JdbcUrls.redact(ConnectionFailures.scrub(text, config));
  }
}
