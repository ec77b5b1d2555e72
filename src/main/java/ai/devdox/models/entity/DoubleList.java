package ai.devdox.models.entity;

import java.io.Serializable;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The {@code List<Double>} that JSON arrays of numbers are read into (a chunk's embedding): the
 * numbers are kept unboxed in one {@code double[]}. A loaded 768-number embedding is one array of
 * 6 kB instead of 768 {@code Double} objects, which made reading chunks cost a third more time
 * than plain JDBC, most of it in the garbage collector.
 *
 * <p>A full, modifiable list: equal to (and with the hash code of) any other list of the same
 * doubles, as {@link java.util.ArrayList} is. It holds numbers only: adding {@code null} throws
 * {@link NullPointerException} (a JSON array with a null in it is read into an {@code ArrayList}).
 */
final class DoubleList extends AbstractList<Double> implements RandomAccess, Serializable {

  private static final long serialVersionUID = 1L;

  private double[] values;
  private int size;

  DoubleList(double[] values, int size) {
    this.values = values;
    this.size = size;
  }

  @Override
  public Double get(int index) {
    Objects.checkIndex(index, size);
    return values[index];
  }

  /** The number at {@code index}, unboxed. */
  double getDouble(int index) {
    Objects.checkIndex(index, size);
    return values[index];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Double set(int index, Double value) {
    Objects.checkIndex(index, size);
    double previous = values[index];
    values[index] = number(value);
    return previous;
  }

  @Override
  public void add(int index, Double value) {
    Objects.checkIndex(index, size + 1);
    double number = number(value);
    if (size == values.length) {
      values = Arrays.copyOf(values, Math.max(8, size + (size >> 1)));
    }
    System.arraycopy(values, index, values, index + 1, size - index);
    values[index] = number;
    size++;
    modCount++;
  }

  @Override
  public Double remove(int index) {
    Objects.checkIndex(index, size);
    double removed = values[index];
    System.arraycopy(values, index + 1, values, index, size - index - 1);
    size--;
    modCount++;
    return removed;
  }

  @Override
  public void clear() {
    size = 0;
    modCount++;
  }

  /** An independent list of the same numbers. */
  DoubleList copy() {
    return new DoubleList(Arrays.copyOf(values, size), size);
  }

  @Override
  public boolean equals(Object other) {
    if (other instanceof DoubleList that) {
      // Double.equals compares bit patterns; so does Arrays.equals on double ranges.
      return Arrays.equals(values, 0, size, that.values, 0, that.size);
    }
    return super.equals(other);
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (int i = 0; i < size; i++) {
      hash = 31 * hash + Double.hashCode(values[i]);
    }
    return hash;
  }

  private static double number(Double value) {
    if (value == null) {
      throw new NullPointerException(
          "this list holds numbers only (a JSON array of numbers, such as an embedding); null"
              + " cannot be stored in it, use a new ArrayList for a list with nulls");
    }
    return value;
  }
}
