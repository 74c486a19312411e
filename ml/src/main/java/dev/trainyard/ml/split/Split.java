package dev.trainyard.ml.split;

import java.util.Objects;

/**
 * One train/test partition of rows {@code 0..n-1}: two disjoint index arrays, each in ascending
 * order. The arrays are shared, not copied; callers must not modify them.
 */
public record Split(int[] train, int[] test) {
  public Split {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
  }

  public int trainSize() {
    return train.length;
  }

  public int testSize() {
    return test.length;
  }
}
