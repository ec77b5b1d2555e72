package ai.devdox.models.query;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Helpers shared by the query classes. */
final class Queries {

  /**
   * Most values bound in one {@code IN} list. PostgreSQL accepts at most 32767 parameters per
   * statement; batch look-ups split larger sets into statements of this many values.
   */
  static final int IN_LIST_MAX = 1000;

  /** The canonical text of a uuid, as Python's {@code str(uuid)} writes it (any letter case). */
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Queries() {}

  static EntityManager requireEntityManager(EntityManager em) {
    if (em == null) {
      throw new IllegalArgumentException(
          "entityManager must not be null; pass the EntityManager of the current transaction");
    }
    return em;
  }

  /** Now at the microsecond precision of {@code timestamptz}, like the entities' callbacks. */
  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * The uuid a text link column holds, or empty when the text is not a uuid (another service may
   * have written anything into a {@code varchar}).
   */
  static Optional<UUID> parseUuid(String text) {
    if (text == null || !UUID_TEXT.matcher(text).matches()) {
      return Optional.empty();
    }
    return Optional.of(UUID.fromString(text));
  }

  static <T> Optional<T> first(TypedQuery<T> query) {
    List<T> rows = query.setMaxResults(1).getResultList();
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /**
   * Counts first, then reads the page only when it can hold rows: an empty listing or a page past
   * the end costs one statement, any other page two.
   */
  static <T> Page<T> page(
      TypedQuery<Long> count, TypedQuery<T> items, int page, int size, int offset) {
    long total = count.getSingleResult();
    if (total == 0 || offset >= total) {
      return new Page<>(List.of(), total, page, size);
    }
    List<T> rows = items.setFirstResult(offset).setMaxResults(size).getResultList();
    return new Page<>(rows, total, page, size);
  }

  /** Runs {@code lookup} on slices of at most {@link #IN_LIST_MAX} values and joins the rows. */
  static <V, T> List<T> inSlices(Collection<V> values, Function<List<V>, List<T>> lookup) {
    List<V> all = new ArrayList<>(values);
    List<T> rows = new ArrayList<>();
    for (int from = 0; from < all.size(); from += IN_LIST_MAX) {
      rows.addAll(lookup.apply(all.subList(from, Math.min(all.size(), from + IN_LIST_MAX))));
    }
    return rows;
  }

  /**
   * A {@code LIKE} pattern matching values that contain {@code text}, with {@code !} escaping the
   * pattern characters; use it as {@code lower(x) like lower(:p) escape '!'}, so both sides are
   * lower-cased by the database's own rules.
   */
  static String containsPattern(String text) {
    String escaped =
        text.replace("!", "!!")
            .replace("%", "!%")
            .replace("_", "!_");
    return "%" + escaped + "%";
  }
}
