package ai.devdox.models.entity;

import java.util.List;

/**
 * The canonical list of the library's entity classes, the Java twin of the Python package's
 * {@code models/__init__.py}. The bootstrap helper, the schema tools, the tests and the README all
 * use this list; an entity missing here is missing everywhere.
 */
public final class DevdoxEntities {

  /** Every entity class, in the order their tables are created. */
  public static final List<Class<?>> ALL =
      List.of(
          User.class,
          ApiKey.class,
          GitLabel.class,
          Repo.class,
          CodeChunk.class,
          QueueProcessingRegistry.class);

  /** The entities' package, for {@code @EntityScan} and similar package lists. */
  public static final String PACKAGE = "ai.devdox.models.entity";

  /** The table names, unquoted, in {@link #ALL}'s order. */
  public static final List<String> TABLES =
      List.of("user", "api_key", "git_label", "repo", "code_chunks", "queue_processing_registry");

  private DevdoxEntities() {}
}
