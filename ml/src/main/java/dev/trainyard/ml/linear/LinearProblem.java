package dev.trainyard.ml.linear;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Target;

/**
 * The data a linear model's batches are drawn from: features row-major ({@code d} per row), the
 * objective, its output count {@code k}, and exactly one of class codes and target values. Built by
 * {@link #of}, which checks features and target against the objective. Shared by the local trainer
 * and the parameter-server trainer; read-only once built.
 */
public record LinearProblem(Objective objective, float[] x, int d, int k, int[] classes, float[] values) {
  /** Summed loss of rows {@code rows[from..to)}; adds their gradient into {@code gradOut} unless it is null. */
  public double lossAndGradient(int[] rows, int from, int to, float[] w, float[] gradOut, GradientWorkspace ws) {
    switch (objective) {
      case LOGISTIC:
        return LinearGradients.logistic(x, d, rows, from, to, classes, w, gradOut, ws);
      case SOFTMAX:
        return LinearGradients.softmax(x, d, k, rows, from, to, classes, w, gradOut, ws);
      case LINEAR:
        return LinearGradients.squared(x, d, rows, from, to, values, w, gradOut, ws);
      default:
        throw new AssertionError(objective);
    }
  }

  /** 2 for logistic, k for softmax, 0 for linear. */
  public int numClasses() {
    return objective == Objective.LINEAR ? 0 : objective == Objective.LOGISTIC ? 2 : k;
  }

  /** Checks {@code x} (finite) and {@code y} (kind and class count) against {@code objective}. */
  public static LinearProblem of(Objective objective, FeatureMatrix x, Target y) {
    int d = x.cols();
    float[] rowMajor = x.requireFinite().toRowMajor();
    if (objective == Objective.LINEAR) {
      if (!(y instanceof Target.Values v)) {
        throw new InvalidInputException("linear regression needs a numeric target, got class labels");
      }
      checkFinite(v.values());
      return new LinearProblem(objective, rowMajor, d, 1, null, v.values());
    }
    if (!(y instanceof Target.Classes c)) {
      throw new InvalidInputException(objective.id() + " regression needs class labels, got a numeric target");
    }
    int k = c.numClasses();
    if (objective == Objective.LOGISTIC && k != 2) {
      throw new InvalidInputException(
          "logistic regression needs exactly 2 classes, was " + k + "; use softmax for more");
    }
    if (objective == Objective.SOFTMAX && k < 2) {
      throw new InvalidInputException("softmax regression needs at least 2 classes, was " + k);
    }
    checkCodes(c.codes(), k);
    return new LinearProblem(objective, rowMajor, d, objective.outputs(k), c.codes(), null);
  }


  private static void checkFinite(float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new InvalidInputException("target values must be finite, row " + i + " is " + values[i]);
      }
    }
  }

  private static void checkCodes(int[] codes, int k) {
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] < 0 || codes[i] >= k) {
        throw new InvalidInputException(
            "class codes must be between 0 and " + (k - 1) + ", row " + i + " is " + codes[i]);
      }
    }
  }
}
