package ai.devdox.models.entity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Id and timestamp helpers shared by the entities. */
final class Ids {

  /** PostgreSQL's {@code timestamptz}, without a precision modifier, exactly as the Python models. */
  static final String TIMESTAMPTZ = "timestamptz";

  /** PostgreSQL's unbounded {@code text}. */
  static final String TEXT = "text";

  private Ids() {}

  static UUID newId() {
    return UUID.randomUUID();
  }

  /** Now, at the microsecond precision PostgreSQL stores, so a saved entity equals its reloaded self. */
  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
