package com.example.devdox;

import ai.devdox.models.schema.SchemaFinding;
import ai.devdox.models.schema.SchemaReport;
import ai.devdox.models.schema.SchemaVerifier;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refuses to start the service on a database that does not match the library's entities: the
 * library's {@link SchemaVerifier} compares tables, columns (type, length, nullability, default),
 * keys, unique constraints and indexes, including the partial unique index that keeps two workers
 * from claiming one queue message, which Hibernate's own validation ignores. The service does not
 * create the schema ({@code quarkus.hibernate-orm.schema-management.strategy=none}), so this check
 * runs at start-up: an exception here stops the application. Notes (tables, columns or indexes
 * the model does not have: the Python services may be ahead) are logged and do not stop it.
 */
@ApplicationScoped
public class DevdoxSchemaCheck {

  private static final Logger LOG = Logger.getLogger(DevdoxSchemaCheck.class);

  private final DataSource dataSource;
  private final String schema;

  /**
   * Checks the database behind {@code dataSource}.
   *
   * @param schema the schema the entities are mapped to; unset (the usual case) means the
   *     connection's current schema, {@code public} unless the search path says otherwise
   */
  @Inject
  public DevdoxSchemaCheck(
      DataSource dataSource,
      @ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema")
          Optional<String> schema) {
    this.dataSource = dataSource;
    this.schema = schema.filter(name -> !name.isBlank()).orElse(null);
  }

  void onStart(@Observes StartupEvent event) throws SQLException {
    verify();
  }

  /**
   * Verifies the database; logs the notes and returns the report when it matches.
   *
   * @throws IllegalStateException naming every difference when it does not match
   */
  public SchemaReport verify() throws SQLException {
    SchemaReport report = SchemaVerifier.verify(dataSource, schema);
    report.notes().forEach(note -> LOG.infof("DevDox schema: %s", note.message()));
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
    LOG.infof("DevDox schema: %s", report.summary());
    return report;
  }
}
