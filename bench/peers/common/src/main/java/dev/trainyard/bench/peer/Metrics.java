package dev.trainyard.bench.peer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test-set metrics computed the same way for every peer, from the peer's predictions, so a
 * difference in the report is a difference of models, not of metric code.
 */
final class Metrics {
  /** Probabilities are clipped to {@code [EPS, 1]} before the log, as scikit-learn does. */
  private static final double EPS = 1e-15;

  private Metrics() {}

  /**
   * {@code accuracy} (argmax, ties to the lower class), {@code log_loss} (mean of
   * {@code -ln p_y}) and, for two classes, {@code auc} of {@code p_1}. {@code probs} is row-major
   * {@code n x k}; rows need not sum to exactly 1.
   */
  static Map<String, Double> classification(double[] probs, int k, int[] labels) {
    int n = labels.length;
    if (probs.length != (long) n * k) {
      throw new IllegalArgumentException(probs.length + " probabilities for " + n + " rows x " + k + " classes");
    }
    long correct = 0;
    double loss = 0;
    for (int r = 0; r < n; r++) {
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (probs[r * k + c] > probs[r * k + best]) {
          best = c;
        }
      }
      int y = labels[r];
      correct += best == y ? 1 : 0;
      double p = y < k ? probs[r * k + y] : 0;
      loss -= Math.log(Math.min(1, Math.max(EPS, p)));
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", (double) correct / n);
    m.put("log_loss", loss / n);
    if (k == 2) {
      double[] s = new double[n];
      boolean[] pos = new boolean[n];
      for (int r = 0; r < n; r++) {
        s[r] = probs[r * 2 + 1];
        pos[r] = labels[r] == 1;
      }
      m.put("auc", auc(s, pos));
    }
    return m;
  }

  /**
   * Area under the ROC curve as the Mann-Whitney statistic: the probability that a random
   * positive scores above a random negative, ties counting half (average ranks).
   */
  static double auc(double[] score, boolean[] positive) {
    int n = score.length;
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(score[a], score[b]));
    double rankSumPos = 0;
    long nPos = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && score[idx[j + 1]] == score[idx[i]]) {
        j++;
      }
      double avgRank = (i + j) / 2.0 + 1;
      for (int t = i; t <= j; t++) {
        if (positive[idx[t]]) {
          rankSumPos += avgRank;
          nPos++;
        }
      }
      i = j + 1;
    }
    long nNeg = n - nPos;
    if (nPos == 0 || nNeg == 0) {
      return Double.NaN;
    }
    return (rankSumPos - nPos * (nPos + 1) / 2.0) / ((double) nPos * nNeg);
  }

  /** {@code rmse} and {@code mae} of {@code predicted} against {@code actual}. */
  static Map<String, Double> regression(double[] predicted, double[] actual) {
    double se = 0;
    double ae = 0;
    for (int i = 0; i < actual.length; i++) {
      double e = predicted[i] - actual[i];
      se += e * e;
      ae += Math.abs(e);
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("rmse", Math.sqrt(se / actual.length));
    m.put("mae", ae / actual.length);
    return m;
  }
}
