package dev.trainyard.ml.linear;

import java.util.SplittableRandom;

/** Seeded split of row indices into a training part and a validation part. */
final class Holdout {
  private Holdout() {}

  /**
   * Returns {@code {train, validation}} rows of {@code 0..n-1}, about {@code fraction} of them (at
   * least one, at most {@code n - 1}) in validation. When {@code classes} is given the split is
   * stratified: rows are shuffled, grouped by class, and every {@code 1/fraction}-th row of that
   * order goes to validation, so each class keeps its share.
   */
  static int[][] split(int n, double fraction, int[] classes, int numClasses, SplittableRandom rng) {
    if (n < 2) {
      throw new dev.trainyard.common.InvalidInputException(
          "early_stopping needs at least 2 training rows, was " + n);
    }
    int[] order = permutation(n, rng);
    if (classes != null) {
      order = groupByClass(order, classes, numClasses);
    }
    boolean[] toValidation = new boolean[n];
    int nVal = 0;
    double acc = 0.5;
    for (int i = 0; i < n; i++) {
      acc += fraction;
      if (acc >= 1) {
        acc -= 1;
        toValidation[order[i]] = true;
        nVal++;
      }
    }
    if (nVal == 0) {
      toValidation[order[0]] = true;
      nVal = 1;
    } else if (nVal == n) {
      toValidation[order[0]] = false;
      nVal--;
    }
    int[] train = new int[n - nVal];
    int[] val = new int[nVal];
    int t = 0;
    int v = 0;
    for (int i = 0; i < n; i++) {
      if (toValidation[order[i]]) {
        val[v++] = order[i];
      } else {
        train[t++] = order[i];
      }
    }
    return new int[][] {train, val};
  }

  /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates). */
  static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    shuffle(p, rng);
    return p;
  }

  /** Fisher-Yates shuffle in place. */
  static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }

  /** Stable counting sort of {@code order} by class. */
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
