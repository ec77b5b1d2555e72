package ai.devdox.models.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

/** {@link DevdoxErrors#translate(Throwable)} as a service calls it, without the helper's config. */
class DevdoxErrorsTest {

  @Test
  void hikarisTimeoutWithoutACauseIsAnExhaustedPoolNamingItsSize() {
    RuntimeException failure =
        new JDBCConnectionException(
            "Unable to acquire JDBC Connection",
            new SQLTransientConnectionException(
                "orders - Connection is not available, request timed out after 30004ms"
                    + " (total=3, active=3, idle=0, waiting=2)"));
    assertThat(DevdoxErrors.translate(failure))
        .isInstanceOfSatisfying(
            DevdoxPoolExhaustedException.class, e -> assertThat(e.poolMax()).isEqualTo(3))
        .hasMessageContaining("all 3 connections of pool 'orders' (pool max size 3) stayed busy"
            + " for 30004 ms")
        .hasCause(failure);
  }

  @Test
  void hikarisTimeoutCausedByARefusedConnectionIsAnUnreachableDatabase() {
    SQLException refused =
        new SQLException("Connection to 127.0.0.1:5433 refused", "08001",
            new ConnectException("Connection refused"));
    RuntimeException failure =
        new JDBCConnectionException(
            "Unable to acquire JDBC Connection",
            new SQLTransientConnectionException(
                "devdox - Connection is not available, request timed out after 1000ms"
                    + " (total=0, active=0, idle=0, waiting=0)", "08001", refused));
    assertThat(DevdoxErrors.translate(failure))
        .isInstanceOfSatisfying(
            DevdoxConnectionException.class, e -> assertThat(e.commitOutcomeUnknown()).isFalse())
        .hasMessageContaining("no connection to PostgreSQL could be opened within 1000 ms")
        .hasMessageContaining("Connection to 127.0.0.1:5433 refused");
  }

  @Test
  void aTerminatedSessionIsALostConnectionWithNothingWritten() {
    RuntimeException failure =
        new JDBCConnectionException(
            "could not execute statement",
            new SQLException("FATAL: terminating connection due to administrator command",
                "57P01"));
    assertThat(DevdoxErrors.translate(failure))
        .isInstanceOf(DevdoxConnectionException.class)
        .hasMessageContaining("SQLState 57P01")
        .hasMessageContaining("nothing of it was written");
  }

  @Test
  void otherFailuresPassThroughUnchanged() {
    IllegalStateException plain = new IllegalStateException("mine");
    assertThat(DevdoxErrors.translate(plain)).isSameAs(plain);
    DevdoxDatabaseException known = new DevdoxDatabaseException("known");
    assertThat(DevdoxErrors.translate(known)).isSameAs(known);
    SQLException unique = new SQLException("duplicate key", "23505");
    RuntimeException wrapped = new org.hibernate.exception.ConstraintViolationException(
        "could not execute statement", unique, "uid_repo_user_id_a03d4e");
    assertThat(DevdoxErrors.translate(wrapped)).isSameAs(wrapped);
    assertThat(DevdoxErrors.translate(new Exception("checked")))
        .isExactlyInstanceOf(DevdoxDatabaseException.class)
        .hasMessage("checked");
  }
}
