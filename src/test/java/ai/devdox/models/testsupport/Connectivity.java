package ai.devdox.models.testsupport;

import ai.devdox.models.bootstrap.DatabaseConfig;
import ai.devdox.models.testsupport.TestPostgres.TestDatabase;

/**
 * How a test reaches its database: straight to PostgreSQL, or through a transaction pooler with
 * the Supabase pooler preset. A test written once against {@link #config} runs both ways: an
 * abstract test class takes the connectivity from its subclass, and the pooler subclass is tagged
 * {@code pooler}.
 */
public enum Connectivity {
  /** Straight to PostgreSQL, {@link TestDatabase#config()}. */
  DIRECT {
    @Override
    public DatabaseConfig.Builder config(TestDatabase database) {
      return database.config();
    }
  },
  /** Through PgBouncer in transaction mode, {@link TestPgBouncer#config}. */
  POOLER {
    @Override
    public DatabaseConfig.Builder config(TestDatabase database) {
      return TestPgBouncer.config(database);
    }
  };

  /** A configuration reaching {@code database} this way. */
  public abstract DatabaseConfig.Builder config(TestDatabase database);
}
