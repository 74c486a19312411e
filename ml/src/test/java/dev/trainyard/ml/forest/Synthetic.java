package dev.trainyard.ml.forest;

import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded synthetic data sets for forest tests. */
record Synthetic(FeatureMatrix x, Target y) {

  /**
   * Three classes from a nonlinear rule on features 0 and 1 (a disc and a half-plane); the other
   * features are noise, some continuous and some small integers.
   */
  static Synthetic classification(int n, int d, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[][] cols = new float[d][n];
    int[] codes = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        cols[j][i] = j % 2 == 0 ? (float) (rng.nextDouble() * 4 - 2) : rng.nextInt(20) / 5f - 2;
      }
      double a = cols[0][i];
      double b = cols[1][i];
      codes[i] = a * a + b * b < 1 ? 0 : a > b ? 1 : 2;
    }
    return new Synthetic(new FeatureMatrix(names(d), cols, n), new Target.Classes(codes, List.of("in", "low", "high")));
  }

  /** {@code y = sin(2 x0) * x1 + x2^2 + 0.1 noise} with x uniform in [-2, 2] and a noise feature x3. */
  static Synthetic regression(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[][] cols = new float[4][n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      for (float[] c : cols) {
        c[i] = (float) (rng.nextDouble() * 4 - 2);
      }
      y[i] = (float) (Math.sin(2 * cols[0][i]) * cols[1][i] + cols[2][i] * cols[2][i] + 0.1 * rng.nextGaussian());
    }
    return new Synthetic(new FeatureMatrix(names(4), cols, n), new Target.Values(y));
  }

  private static List<String> names(int d) {
    List<String> names = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      names.add("x" + j);
    }
    return names;
  }
}
