package ai.devdox.models.query;

import java.util.List;

/**
 * One page of a newest-first listing and the total it was cut from, the shape the Python
 * services return ({@code items}, {@code total}, {@code page}, {@code size}).
 *
 * <p>{@code page} counts from 0 and a page skips {@code page * size} rows, as the Python stores'
 * {@code offset} argument does. A page past the end has no items and still carries the total.
 *
 * @param items the rows of this page, at most {@code size}, unmodifiable
 * @param total the number of rows of the whole listing
 * @param page the page index, from 0
 * @param size the page size asked for
 * @param <T> the entity type
 */
public record Page<T>(List<T> items, long total, int page, int size) {

  /** Checks the values and copies {@code items}. */
  public Page {
    Args.page(page);
    Args.size(size);
    if (total < 0) {
      throw new IllegalArgumentException("total is " + total + "; it cannot be negative");
    }
    items = List.copyOf(Args.notNull(items, "items"));
    if (items.size() > size) {
      throw new IllegalArgumentException(
          items.size() + " items do not fit a page of size " + size);
    }
  }

  /** The number of pages the total fills (0 when there are no rows). */
  public long totalPages() {
    return (total + size - 1) / size;
  }

  /** Whether a page follows this one. */
  public boolean hasNext() {
    return (long) (page + 1) * size < total;
  }

  /** Whether this page has no items (no rows at all, or a page past the end). */
  public boolean isEmpty() {
    return items.isEmpty();
  }
}
