package com.example.devdox;

import ai.devdox.models.schema.SchemaFinding;
import ai.devdox.models.schema.SchemaReport;
import ai.devdox.models.schema.SchemaVerifier;
import java.sql.SQLException;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Refuses to start the service on a database that does not match the library's entities: the
 * library's {@link SchemaVerifier} compares tables, columns (type, length, nullability, default),
 * keys, unique constraints and indexes, including the partial unique index that keeps two workers
 * from claiming one queue message, which Hibernate's own validation ignores. The service does not
 * create the schema ({@code spring.jpa.hibernate.ddl-auto=none}), so this check runs while the
 * context starts. Notes (tables, columns or indexes the model does not have: the Python services
 * may be ahead) are logged and do not stop the service.
 */
@Component
public class DevdoxSchemaCheck implements InitializingBean {

  private static final Logger LOG = LoggerFactory.getLogger(DevdoxSchemaCheck.class);

  private final DataSource dataSource;
  private final String schema;

  /**
   * Checks the database behind {@code dataSource}.
   *
   * @param schema the schema the entities are mapped to; unset (the usual case) means the
   *     connection's current schema, {@code public} unless the search path says otherwise
   */
  public DevdoxSchemaCheck(
      DataSource dataSource,
      @Value("${spring.jpa.properties.hibernate.default_schema:}") String schema) {
    this.dataSource = dataSource;
    this.schema = schema.isBlank() ? null : schema;
  }

  @Override
  public void afterPropertiesSet() throws SQLException {
    SchemaReport report = SchemaVerifier.verify(dataSource, schema);
    report.notes().forEach(note -> LOG.info("DevDox schema: {}", note.message()));
    if (!report.matches()) {
      throw new IllegalStateException(
          "the database does not match the DevDox schema: "
              + report.failures().stream()
                  .map(SchemaFinding::message)
                  .collect(Collectors.joining("; "))
              + " (" + report.summary() + "). Fix the database before starting the service: the"
              + " schema tool's apply command (or SchemaApplier.apply) creates what is missing;"
              + " other differences need a migration");
    }
    LOG.info("DevDox schema: {}", report.summary());
  }
}
