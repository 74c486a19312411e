package dev.trainyard.ps.server;

import dev.trainyard.common.InvalidInputException;

/** Shared checks on request values; each failure names the broken rule. */
final class Rejections {
  private Rejections() {}

  static InvalidInputException invalid(String message) {
    return new InvalidInputException(message);
  }

  /** Requires every value of {@code values[0 .. length)} to be finite; names the first that is not. */
  static void requireFinite(String table, float[] values, int length, int cols) {
    requireFinite(table, values, 0, length, cols);
  }

  /**
   * Requires every value of {@code values[from .. to)} to be finite; names the first that is not
   * by its index in the array (a push's gradient, so row and column are index / cols and index % cols).
   */
  static void requireFinite(String table, float[] values, int from, int to, int cols) {
    int bad = firstNonFinite(values, from, to);
    if (bad >= 0) {
      throw invalid("gradient values must be finite, value " + bad + " (row " + bad / cols + " of the push, col "
          + bad % cols + ") of table '" + table + "' is " + values[bad]);
    }
  }

  /**
   * Index of the first NaN or infinity in {@code values[from .. to)}, or -1. One comparison per
   * value ({@code |v| <= MAX_VALUE} is false exactly for NaN and the infinities) keeps the loop
   * within a few times the cost of reading the array; the message is built outside it.
   */
  static int firstNonFinite(float[] values, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Float.isFinite(values[i])) {
        return i;
      }
    }
    return -1;
  }
}
