package ai.devdox.models.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles. */
final class Stats {

  private Stats() {}

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  static long maxLong(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElse(0);
  }

  /** The nearest-rank percentile {@code p} (0 to 100) of {@code values}, which it sorts. */
  static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(values);
    int rank = (int) Math.ceil(p / 100.0 * values.length);
    return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
  }
}
