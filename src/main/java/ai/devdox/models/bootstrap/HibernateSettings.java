package ai.devdox.models.bootstrap;

import ai.devdox.models.entity.DevdoxJsonFormatMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The Hibernate settings the library runs with. Plain strings, not Hibernate's constants: the
 * names are the same on Hibernate 6.6 and 7.x while some constants moved between classes.
 */
final class HibernateSettings {

  private HibernateSettings() {}

  static Map<String, Object> of(
      DataSource dataSource, String schema, SchemaAction action, DatabaseConfig config) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("hibernate.connection.datasource", dataSource);
    if (schema != null) {
      settings.put("hibernate.default_schema", schema);
    }
    // Columns in the contract's order (the entities' field order), not alphabetical.
    settings.put("hibernate.column_ordering_strategy", DeclaredColumnOrder.INSTANCE);
    // JSON columns go through Jackson 2, the JSON library the library depends on.
    settings.put("hibernate.type.json_format_mapper", new DevdoxJsonFormatMapper());
    // Batched, ordered writes: bulk inserts of chunks become a few multi-row statements.
    int batchSize = config == null ? 50 : config.batchSize();
    settings.put("hibernate.jdbc.batch_size", String.valueOf(batchSize));
    settings.put("hibernate.order_inserts", "true");
    settings.put("hibernate.order_updates", "true");
    if (config != null && config.fetchSize() > 0) {
      settings.put("hibernate.jdbc.fetch_size", String.valueOf(config.fetchSize()));
    }
    if (config != null && config.transactionPooler() && config.statementTimeout() != null) {
      // Through a transaction pooler no session setting survives: bound each query instead.
      settings.put(
          "jakarta.persistence.query.timeout",
          String.valueOf(config.statementTimeout().toMillis()));
    }
    switch (action) {
      case NONE -> settings.put("hibernate.hbm2ddl.auto", "none");
      case VALIDATE -> settings.put("hibernate.hbm2ddl.auto", "validate");
      case CREATE_MISSING -> {
        settings.put("hibernate.hbm2ddl.auto", "update");
        settings.put("hibernate.hbm2ddl.create_namespaces", "true");
        // Create a missing unique constraint, never drop an existing one.
        settings.put("hibernate.schema_update.unique_constraint_strategy", "RECREATE_QUIETLY");
      }
    }
    return settings;
  }
}
