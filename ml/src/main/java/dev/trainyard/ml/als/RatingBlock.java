package dev.trainyard.ml.als;

import dev.trainyard.common.InvalidInputException;
import java.util.Objects;

/**
 * The ratings of a block of consecutive rows of one side (users, or items) in compressed sparse
 * row form: row {@code first + r} rated the other side's dense indices
 * {@code columns[offsets[r] .. offsets[r + 1])} with the values at the same positions of
 * {@code values}. Offsets are relative to this block ({@code offsets[0] == 0}). With bias terms
 * the values are ratings minus the global mean. Arrays are shared, not copied, and must not be
 * modified; then the block is immutable and thread-safe.
 */
public record RatingBlock(int first, int[] offsets, int[] columns, float[] values) {
  public RatingBlock {
    Objects.requireNonNull(offsets, "offsets");
    Objects.requireNonNull(columns, "columns");
    Objects.requireNonNull(values, "values");
    if (first < 0) {
      throw new InvalidInputException("first must be >= 0, was " + first);
    }
    if (offsets.length < 1 || offsets[0] != 0) {
      throw new InvalidInputException("offsets must start with 0");
    }
    for (int r = 1; r < offsets.length; r++) {
      if (offsets[r] < offsets[r - 1]) {
        throw new InvalidInputException("offsets must not decrease, but offsets[" + r + "] < offsets[" + (r - 1) + "]");
      }
    }
    int count = offsets[offsets.length - 1];
    if (columns.length != count || values.length != count) {
      throw new InvalidInputException("columns and values must hold offsets[rows] = " + count
          + " entries, were " + columns.length + " and " + values.length);
    }
  }

  /** Number of rows (users or items) in the block. */
  public int rows() {
    return offsets.length - 1;
  }

  /** Number of ratings in the block. */
  public int count() {
    return columns.length;
  }
}
