package ai.devdox.models.query;

import java.util.Collection;
import java.util.Objects;

/**
 * Argument checks shared by the query classes. Each runs before any query is built, so a bad
 * argument never reaches the database; each message names the argument and never echoes a value
 * (some are secrets, such as key hashes).
 */
final class Args {

  private Args() {}

  static String text(String value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null; give a non-blank value");
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(
          name + " must not be blank (it was empty or only whitespace); give a non-blank value");
    }
    return value;
  }

  static <T> T notNull(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return value;
  }

  static <T extends Collection<?>> T elementsNotNull(T values, String name) {
    notNull(values, name);
    int index = 0;
    for (Object value : values) {
      if (value == null) {
        throw new IllegalArgumentException(name + " holds null at position " + index);
      }
      index++;
    }
    return values;
  }

  static int page(int page) {
    if (page < 0) {
      throw new IllegalArgumentException("page is " + page + "; pages count from 0");
    }
    return page;
  }

  static int size(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size is " + size + "; give 1 or more rows per page");
    }
    return size;
  }

  static int limit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit is " + limit + "; give 1 or more");
    }
    return limit;
  }

  /** The row offset of a page, checked to fit JPA's int first-result. */
  static int offset(int page, int size) {
    page(page);
    size(size);
    long offset = (long) page * size;
    if (offset > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "page " + page + " of size " + size + " starts past row " + Integer.MAX_VALUE
              + "; use a smaller page or size");
    }
    return (int) offset;
  }

  static int maxLength(String value, int max, String name) {
    Objects.requireNonNull(value);
    if (value.length() > max) {
      throw new IllegalArgumentException(
          name + " is " + value.length() + " characters long; the column holds at most " + max);
    }
    return value.length();
  }
}
