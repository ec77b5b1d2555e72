package ai.devdox.models.query;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManager;
import java.util.function.Function;

/** Checks that a call with a bad argument fails before any SQL runs. */
final class Rejections {

  private Rejections() {}

  /**
   * Runs {@code call} in a recording session and checks it throws an
   * {@link IllegalArgumentException} whose message names {@code argument}, with no statement run.
   */
  static void assertRejected(QueryDb db, String argument, Function<EntityManager, ?> call) {
    QueryDb.Recorded<IllegalArgumentException> recorded =
        db.recorded(
            true,
            em -> {
              try {
                call.apply(em);
                return null;
              } catch (IllegalArgumentException expected) {
                return expected;
              }
            });
    assertThat(recorded.result())
        .as("a bad %s is rejected with IllegalArgumentException", argument)
        .isNotNull();
    assertThat(recorded.result().getMessage()).contains(argument);
    assertThat(recorded.statements()).as("statements run for a bad %s", argument).isEmpty();
  }
}
