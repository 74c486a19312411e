package dev.trainyard.ml.als;

import dev.trainyard.common.InvalidInputException;
import java.util.Arrays;

/**
 * The distinct ids of one side, sorted ascending; an id's dense index is its position. Ids arrive
 * as float32 feature values, which hold every integer of magnitude below 2^24 exactly, so training
 * ids must be integers in that range. Immutable and thread-safe.
 */
final class IdIndex {
  /** Largest id magnitude accepted: float32 represents every integer up to 2^24, and 2^24 + 1 reads as 2^24. */
  static final int MAX_ID = (1 << 24) - 1;

  private final int[] ids;

  private IdIndex(int[] sortedDistinct) {
    this.ids = sortedDistinct;
  }

  /** The distinct ids of a training column; {@code side} ("user" or "item") names it in errors. */
  static IdIndex of(float[] column, String side) {
    int[] ids = new int[column.length];
    for (int row = 0; row < column.length; row++) {
      ids[row] = requireId(column[row], side, row);
    }
    Arrays.sort(ids);
    int n = 0;
    for (int k = 0; k < ids.length; k++) {
      if (n == 0 || ids[k] != ids[n - 1]) {
        ids[n++] = ids[k];
      }
    }
    return new IdIndex(Arrays.copyOf(ids, n));
  }

  /** Wraps ids already sorted ascending and distinct (e.g. read from a model file); checks that. */
  static IdIndex ofSorted(int[] ids, String side) {
    for (int k = 0; k < ids.length; k++) {
      if (Math.abs((long) ids[k]) > MAX_ID || (k > 0 && ids[k] <= ids[k - 1])) {
        throw new InvalidInputException(side + " ids must be distinct, ascending and of magnitude at most "
            + MAX_ID + "; position " + k + " breaks that");
      }
    }
    return new IdIndex(ids.clone());
  }

  static int requireId(float v, String side, int row) {
    if (!(Math.abs(v) <= MAX_ID)) {
      throw new InvalidInputException(side + " ids must be between -" + MAX_ID + " and " + MAX_ID
          + " (exact in float32), was " + v + " in training row " + (row + 1));
    }
    if (v != Math.rint(v)) {
      throw new InvalidInputException(side + " ids must be integers, was " + v + " in training row " + (row + 1)
          + " (a missing id is filled with the column mean: drop rows without ids)");
    }
    return (int) v;
  }

  /** Dense index of {@code id}, or -1 when it is not an integer id seen in training. */
  int indexOf(float id) {
    if (!(Math.abs(id) <= MAX_ID) || id != Math.rint(id)) {
      return -1;
    }
    int k = Arrays.binarySearch(ids, (int) id);
    return k >= 0 ? k : -1;
  }

  int size() {
    return ids.length;
  }

  /** A copy of the ids in index order. */
  int[] ids() {
    return ids.clone();
  }

  int id(int index) {
    return ids[index];
  }
}
