package dev.trainyard.ps.train;

import dev.trainyard.ml.nn.Activation;
import dev.trainyard.ml.nn.MlpGradients;
import dev.trainyard.ml.nn.MlpLayout;
import dev.trainyard.ml.nn.MlpWorkspace;

/**
 * The step objective of a multi-layer perceptron: mean cross-entropy of the batch (with dropout
 * drawn from the step's seed) plus {@code l2/2 |W|^2}, via {@link MlpGradients}.
 */
final class MlpObjective implements BatchObjective {
  private final MlpLayout layout;
  private final Activation activation;
  private final float[] x;
  private final int[] labels;
  private final double dropout;
  private final double l2;

  MlpObjective(MlpLayout layout, Activation activation, float[] x, int[] labels, double dropout, double l2) {
    this.layout = layout;
    this.activation = activation;
    this.x = x;
    this.labels = labels;
    this.dropout = dropout;
    this.l2 = l2;
  }

  private record Workspace(MlpWorkspace ws) implements Scratch {}

  @Override
  public Scratch newScratch() {
    return new Workspace(new MlpWorkspace());
  }

  @Override
  public double stepGradient(float[] params, int[] rows, int from, int to, float[] gradOut, long stepSeed,
      Scratch scratch) {
    double loss = MlpGradients.lossAndGradient(layout, activation, params, x, layout.inputs(), rows, from, to, labels,
        dropout, stepSeed, gradOut, ((Workspace) scratch).ws());
    float scale = 1f / (to - from);
    for (int j = 0; j < gradOut.length; j++) {
      gradOut[j] *= scale;
    }
    if (l2 > 0) {
      MlpGradients.l2(layout, params, l2, gradOut);
    }
    return loss;
  }

  @Override
  public double meanLoss(float[] params, int[] rows, Scratch scratch) {
    if (rows.length == 0) {
      return Double.NaN;
    }
    return MlpGradients.lossAndGradient(layout, activation, params, x, layout.inputs(), rows, 0, rows.length, labels,
        0, 0, null, ((Workspace) scratch).ws()) / rows.length;
  }
}
