package ai.devdox.models.entity;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Id and timestamp helpers shared by the entities. */
final class Ids {

  /** PostgreSQL's {@code timestamptz}, without a precision modifier, exactly as the Python models. */
  static final String TIMESTAMPTZ = "timestamptz";

  /** PostgreSQL's unbounded {@code text}. */
  static final String TEXT = "text";

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /**
   * A new time-ordered id: a version 7 UUID (RFC 9562), 48 bits of Unix milliseconds, then the
   * version, 12 random bits, the variant and 62 random bits from {@link SecureRandom}.
   *
   * <p>Ids made one after another sort one after another (to the millisecond), so a bulk insert
   * appends to the right edge of the primary key index instead of touching a random page per row,
   * which costs less time and far less WAL once the table outgrows the cache. It is still a
   * {@code uuid} to PostgreSQL and to Python, which read every version alike. The id shows when
   * the row was made, to the millisecond.
   */
  static UUID newId() {
    return version7(System.currentTimeMillis(), RANDOM.nextLong(), RANDOM.nextLong());
  }

  static UUID version7(long unixMillis, long randomHigh, long randomLow) {
    long mostSignificant = (unixMillis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
    long leastSignificant = (randomLow & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(mostSignificant, leastSignificant);
  }

  /** Now, at the microsecond precision PostgreSQL stores, so a saved entity equals its reloaded self. */
  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
