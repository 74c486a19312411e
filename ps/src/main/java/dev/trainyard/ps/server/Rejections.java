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
    for (int i = 0; i < length; i++) {
      float v = values[i];
      if (Float.isNaN(v) || Float.isInfinite(v)) {
        throw invalid("gradient values must be finite, value " + i + " (row " + i / cols + " of the push, col "
            + i % cols + ") of table '" + table + "' is " + v);
      }
    }
  }
}
