package dev.trainyard.ml.metrics;

import dev.trainyard.common.InvalidInputException;
import java.util.Arrays;

/**
 * Single metrics over true and predicted values, plus the metric key names used in every report
 * map. All methods are pure functions over arrays they do not modify; thread-safe.
 */
public final class Metrics {
  public static final String ACCURACY = "accuracy";
  public static final String LOG_LOSS = "log_loss";
  public static final String AUC = "auc";
  public static final String F1_MACRO = "f1_macro";
  public static final String PRECISION_MACRO = "precision_macro";
  public static final String RECALL_MACRO = "recall_macro";
  public static final String RMSE = "rmse";
  public static final String MAE = "mae";
  public static final String R2 = "r2";

  /** Probabilities are clipped to {@code [EPS, 1 - EPS]} before the log so one confident miss is finite. */
  public static final double LOG_LOSS_EPS = 1e-15;

  private Metrics() {}

  /** Fraction of rows whose predicted class equals the true class. */
  public static double accuracy(int[] actual, int[] predicted) {
    requireSameRows(actual.length, predicted.length);
    int hits = 0;
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] == predicted[i]) {
        hits++;
      }
    }
    return hits / (double) actual.length;
  }

  /**
   * Mean negative natural log of the probability given to the true class:
   * {@code -1/n * sum ln(clip(p[i][y_i]))}. Rows are not renormalised.
   */
  public static double logLoss(int[] actual, double[][] probabilities) {
    requireSameRows(actual.length, probabilities.length);
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      requireCode(actual[i], probabilities[i].length, i);
      double p = probabilities[i][actual[i]];
      sum -= Math.log(Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, p)));
    }
    return sum / actual.length;
  }

  /**
   * Area under the ROC curve for class codes 0/1 and a score that grows with the chance of class 1,
   * by the Mann–Whitney rank statistic {@code (R+ - n+(n+ + 1)/2) / (n+ n-)}, where {@code R+} is
   * the sum of the 1-based ranks of the positives and tied scores share their average rank (so a
   * tie between a positive and a negative counts one half). {@code NaN} when only one class occurs.
   */
  public static double rocAuc(int[] actual, double[] scores) {
    requireSameRows(actual.length, scores.length);
    int n = actual.length;
    double[] sorted = new double[n];
    for (int i = 0; i < n; i++) {
      if (actual[i] != 0 && actual[i] != 1) {
        throw new InvalidInputException("auc needs class codes 0 and 1, was " + actual[i] + " at row " + i);
      }
      if (Double.isNaN(scores[i])) {
        throw new InvalidInputException("scores must not be NaN, was NaN at row " + i);
      }
      // Adding 0.0 turns -0.0 into 0.0 so that sorting and comparisons agree on ties.
      sorted[i] = scores[i] + 0.0;
    }
    Arrays.sort(sorted);
    long positives = 0;
    double rankSum = 0;
    for (int i = 0; i < n; i++) {
      if (actual[i] == 1) {
        double s = scores[i] + 0.0;
        int below = lowerBound(sorted, s);
        int upTo = upperBound(sorted, s);
        // The tied block occupies 1-based ranks below+1 .. upTo; its average rank is their midpoint.
        rankSum += (below + 1 + upTo) / 2.0;
        positives++;
      }
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /** Root mean squared error: {@code sqrt(1/n * sum (y - p)^2)}. */
  public static double rmse(float[] actual, double[] predicted) {
    requireSameRows(actual.length, predicted.length);
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      double d = actual[i] - predicted[i];
      sum += d * d;
    }
    return Math.sqrt(sum / actual.length);
  }

  /** Mean absolute error: {@code 1/n * sum |y - p|}. */
  public static double mae(float[] actual, double[] predicted) {
    requireSameRows(actual.length, predicted.length);
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      sum += Math.abs(actual[i] - predicted[i]);
    }
    return sum / actual.length;
  }

  /**
   * Coefficient of determination {@code 1 - SS_res / SS_tot}. When the true values are constant
   * ({@code SS_tot = 0}) it is 1 for a perfect prediction and 0 otherwise, as scikit-learn does.
   */
  public static double r2(float[] actual, double[] predicted) {
    requireSameRows(actual.length, predicted.length);
    int n = actual.length;
    double mean = 0;
    for (float y : actual) {
      mean += y;
    }
    mean /= n;
    double ssRes = 0;
    double ssTot = 0;
    for (int i = 0; i < n; i++) {
      double r = actual[i] - predicted[i];
      double t = actual[i] - mean;
      ssRes += r * r;
      ssTot += t * t;
    }
    if (ssTot == 0) {
      return ssRes == 0 ? 1.0 : 0.0;
    }
    return 1 - ssRes / ssTot;
  }

  /** The most probable class of each row; ties go to the lowest class code. */
  public static int[] argmax(double[][] probabilities) {
    int[] out = new int[probabilities.length];
    for (int i = 0; i < probabilities.length; i++) {
      double[] p = probabilities[i];
      int best = 0;
      for (int c = 1; c < p.length; c++) {
        if (p[c] > p[best]) {
          best = c;
        }
      }
      out[i] = best;
    }
    return out;
  }

  static void requireSameRows(int actual, int predicted) {
    if (actual != predicted) {
      throw new InvalidInputException(
          "predictions must have one row per true value: " + actual + " true values, " + predicted + " predictions");
    }
    if (actual == 0) {
      throw new InvalidInputException("metrics need at least 1 row, was 0");
    }
  }

  static void requireCode(int code, int classes, int row) {
    if (code < 0 || code >= classes) {
      throw new InvalidInputException(
          "class codes must be between 0 and " + (classes - 1) + ", was " + code + " at row " + row);
    }
  }

  /** First index whose value is >= v, i.e. the count of values < v. */
  private static int lowerBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** First index whose value is > v, i.e. the count of values <= v. */
  private static int upperBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
