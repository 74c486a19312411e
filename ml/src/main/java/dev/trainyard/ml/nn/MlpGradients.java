package dev.trainyard.ml.nn;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Pure functions of a perceptron's flat parameter vector (see {@link MlpLayout}): batch loss and
 * gradient, the L2 penalty, and seeded initialisation. This is what the local trainer and a
 * parameter-server worker both call. Stateless and thread-safe; all scratch memory is the caller's
 * {@link MlpWorkspace}.
 */
public final class MlpGradients {
  private MlpGradients() {}

  /**
   * Summed softmax cross-entropy of the rows {@code rows[from..to)} of row-major {@code x}
   * ({@code d} features per row, {@code d == layout.inputs()}) with class codes
   * {@code labels[row]} in {@code 0..layout.outputs()-1}. For one row with logits {@code z},
   * {@code loss = logsumexp(z) - z_y}; the backward pass is written out in {@link MlpKernel}.
   *
   * <p>When {@code gradOut} (length {@code layout.paramCount()}) is not null the gradient of the
   * summed loss is <em>added</em> into it; pass null for the loss only. Inverted dropout with
   * probability {@code dropout} in [0, 1) zeroes each hidden unit of each row and scales the
   * survivors by {@code 1/(1-dropout)}; the masks are drawn from {@code dropoutSeed} in row order,
   * so they depend only on the seed and a row's position in {@code rows[from..to)}. Regularisation
   * is separate ({@link #l2}). The result depends only on the arguments, bit for bit; nothing is
   * allocated once {@code ws} has grown for this layout.
   */
  public static double lossAndGradient(MlpLayout layout, Activation activation, float[] params, float[] x, int d,
      int[] rows, int from, int to, int[] labels, double dropout, long dropoutSeed, float[] gradOut,
      MlpWorkspace ws) {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(ws, "ws");
    checkParams(layout, params, gradOut);
    if (d != layout.inputs()) {
      throw new IllegalArgumentException("d must equal the layout's inputs " + layout.inputs() + ", was " + d);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
    }
    Objects.checkFromToIndex(from, to, rows.length);
    return MlpKernel.run(layout, activation, params, x, rows, from, to, labels, dropout, dropoutSeed, gradOut, ws);
  }

  /**
   * L2 penalty on the weights (biases excluded): returns {@code l2/2 * sum W^2} and adds
   * {@code l2 * W} into {@code gradOut} when it is not null.
   */
  public static double l2(MlpLayout layout, float[] params, double l2, float[] gradOut) {
    checkParams(layout, params, gradOut);
    double sum = 0;
    float lf = (float) l2;
    for (int l = 1; l <= layout.layers(); l++) {
      int start = layout.weightOffset(l);
      int end = layout.biasOffset(l);
      for (int j = start; j < end; j++) {
        sum += (double) params[j] * params[j];
        if (gradOut != null) {
          gradOut[j] += lf * params[j];
        }
      }
    }
    return 0.5 * l2 * sum;
  }

  /**
   * Fresh parameters from {@code seed}, biases 0. ReLU layers get He initialisation,
   * {@code W ~ N(0, 2 / fanIn)}, which keeps the variance of activations constant through
   * rectifiers; tanh layers and the softmax layer get Xavier (Glorot) uniform,
   * {@code W ~ U(-r, r)} with {@code r = sqrt(6 / (fanIn + fanOut))}.
   */
  public static float[] initialize(MlpLayout layout, Activation activation, long seed) {
    Objects.requireNonNull(activation, "activation");
    float[] p = new float[layout.paramCount()];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int l = 1; l <= layout.layers(); l++) {
      int start = layout.weightOffset(l);
      int end = layout.biasOffset(l);
      boolean he = activation == Activation.RELU && l < layout.layers();
      double scale = he
          ? Math.sqrt(2.0 / layout.fanIn(l))
          : Math.sqrt(6.0 / (layout.fanIn(l) + layout.fanOut(l)));
      for (int j = start; j < end; j++) {
        p[j] = (float) (he ? scale * rng.nextGaussian() : scale * (2 * rng.nextDouble() - 1));
      }
    }
    return p;
  }

  private static void checkParams(MlpLayout layout, float[] params, float[] gradOut) {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(params, "params");
    int size = layout.paramCount();
    if (params.length != size) {
      throw new IllegalArgumentException("params must have " + size + " entries for " + layout + ", has "
          + params.length);
    }
    if (gradOut != null && gradOut.length != size) {
      throw new IllegalArgumentException("gradOut must have " + size + " entries for " + layout + ", has "
          + gradOut.length);
    }
  }
}
