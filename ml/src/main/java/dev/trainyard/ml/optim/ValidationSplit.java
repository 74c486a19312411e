package dev.trainyard.ml.optim;

import dev.trainyard.common.InvalidInputException;
import java.util.SplittableRandom;

/**
 * Seeded row orders for mini-batch training: permutations, in-place shuffles, and the split of the
 * training rows into a part to fit and a part to watch for early stopping. Stateless; the results
 * depend only on the arguments and the random generator's state.
 */
public final class ValidationSplit {
  private ValidationSplit() {}

  /**
   * Returns {@code {train, validation}} rows of {@code 0..n-1}, about {@code fraction} of them (at
   * least one, at most {@code n - 1}) in validation. When {@code classes} is not null the split is
   * stratified: rows are shuffled, stably grouped by class, and a running sum of {@code fraction}
   * sends a row to validation each time it crosses 1, so every class keeps its share.
   */
  public static int[][] split(int n, double fraction, int[] classes, int numClasses, SplittableRandom rng) {
    if (n < 2) {
      throw new InvalidInputException("early_stopping needs at least 2 training rows, was " + n);
    }
    int[] order = permutation(n, rng);
    if (classes != null) {
      order = groupByClass(order, classes, numClasses);
    }
    boolean[] held = new boolean[n];
    int nVal = 0;
    double acc = 0.5;
    for (int i = 0; i < n; i++) {
      acc += fraction;
      if (acc >= 1) {
        acc -= 1;
        held[i] = true;
        nVal++;
      }
    }
    if (nVal == 0 || nVal == n) {
      held[0] = nVal == 0;
      nVal = nVal == 0 ? 1 : n - 1;
    }
    int[] train = new int[n - nVal];
    int[] val = new int[nVal];
    int t = 0;
    int v = 0;
    for (int i = 0; i < n; i++) {
      if (held[i]) {
        val[v++] = order[i];
      } else {
        train[t++] = order[i];
      }
    }
    return new int[][] {train, val};
  }

  /** A uniformly random permutation of {@code 0..n-1}. */
  public static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    shuffle(p, rng);
    return p;
  }

  /** Fisher-Yates: for i from the end, swap a[i] with a uniformly chosen a[0..i]. */
  public static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }

  /** Stable counting sort of {@code order} by class code. */
  private static int[] groupByClass(int[] order, int[] classes, int numClasses) {
    int[] start = new int[numClasses + 1];
    for (int r : order) {
      start[classes[r] + 1]++;
    }
    for (int c = 0; c < numClasses; c++) {
      start[c + 1] += start[c];
    }
    int[] out = new int[order.length];
    for (int r : order) {
      out[start[classes[r]]++] = r;
    }
    return out;
  }
}
