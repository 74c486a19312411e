package dev.trainyard.ps.train;

import dev.trainyard.ml.linear.GradientWorkspace;
import dev.trainyard.ml.linear.LinearGradients;
import dev.trainyard.ml.linear.Objective;

/**
 * The step objective of a linear model over row-major features: the mean logistic, softmax or
 * squared loss of the batch plus {@code l2/2 |w|^2} (biases excluded), via {@link LinearGradients}.
 */
final class LinearObjective implements BatchObjective {
  private final Objective objective;
  private final float[] x;
  private final int d;
  private final int k;
  private final int[] labels;
  private final float[] targets;
  private final double l2;

  LinearObjective(Objective objective, float[] x, int d, int k, int[] labels, float[] targets, double l2) {
    this.objective = objective;
    this.x = x;
    this.d = d;
    this.k = k;
    this.labels = labels;
    this.targets = targets;
    this.l2 = l2;
  }

  private record Workspace(GradientWorkspace ws) implements Scratch {}

  @Override
  public Scratch newScratch() {
    return new Workspace(new GradientWorkspace());
  }

  @Override
  public double stepGradient(float[] params, int[] rows, int from, int to, float[] gradOut, long stepSeed,
      Scratch scratch) {
    double loss = data(params, rows, from, to, gradOut, ((Workspace) scratch).ws());
    float scale = 1f / (to - from);
    for (int j = 0; j < gradOut.length; j++) {
      gradOut[j] *= scale;
    }
    if (l2 > 0) {
      LinearGradients.l2(params, d, k, l2, gradOut);
    }
    return loss;
  }

  @Override
  public double meanLoss(float[] params, int[] rows, Scratch scratch) {
    return rows.length == 0 ? Double.NaN : data(params, rows, 0, rows.length, null, ((Workspace) scratch).ws()) / rows.length;
  }

  private double data(float[] w, int[] rows, int from, int to, float[] grad, GradientWorkspace ws) {
    return switch (objective) {
      case LOGISTIC -> LinearGradients.logistic(x, d, rows, from, to, labels, w, grad, ws);
      case SOFTMAX -> LinearGradients.softmax(x, d, k, rows, from, to, labels, w, grad, ws);
      case LINEAR -> LinearGradients.squared(x, d, rows, from, to, targets, w, grad, ws);
    };
  }
}
