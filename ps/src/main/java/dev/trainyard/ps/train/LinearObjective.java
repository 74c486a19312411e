package dev.trainyard.ps.train;

import dev.trainyard.ml.linear.GradientWorkspace;
import dev.trainyard.ml.linear.LinearGradients;
import dev.trainyard.ml.linear.LinearProblem;

/**
 * The step objective of a linear model: the mean logistic, softmax or squared loss of the batch
 * ({@link LinearProblem}) plus {@code l2/2 |w|^2} (biases excluded).
 */
final class LinearObjective implements BatchObjective {
  private final LinearProblem problem;
  private final double l2;

  LinearObjective(LinearProblem problem, double l2) {
    this.problem = problem;
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
    double loss = problem.lossAndGradient(rows, from, to, params, gradOut, ((Workspace) scratch).ws());
    float scale = 1f / (to - from);
    for (int j = 0; j < gradOut.length; j++) {
      gradOut[j] *= scale;
    }
    if (l2 > 0) {
      LinearGradients.l2(params, problem.d(), problem.k(), l2, gradOut);
    }
    return loss;
  }

  @Override
  public double meanLoss(float[] params, int[] rows, Scratch scratch) {
    return rows.length == 0 ? Double.NaN
        : problem.lossAndGradient(rows, 0, rows.length, params, null, ((Workspace) scratch).ws()) / rows.length;
  }
}
