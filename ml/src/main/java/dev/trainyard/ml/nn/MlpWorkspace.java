package dev.trainyard.ml.nn;

/**
 * Reusable scratch memory for {@link MlpGradients}: activations, deltas and gradient accumulators
 * of one block of rows. It grows on demand for a layout and its contents never influence a result.
 * Not thread-safe: use one per thread (a parameter-server worker keeps one per worker thread).
 */
public final class MlpWorkspace {
  /** {@code act[l][b]}: activations of layer l (0 = input rows) for row b of the block, after dropout. */
  float[][][] act;
  /** {@code z[l][b][o]}: pre-activations of layer l (l >= 1); the output layer's are the logits. */
  float[][][] z;
  /** {@code deriv[l][b][i]}: {@code mask * f'(z)} of hidden layer l, the factor that turns dloss/da into dloss/dz. */
  float[][][] deriv;
  /** {@code delta[l][b][o]}: dloss/dz of layer l for row b. */
  float[][][] delta;
  /** {@code gradW[l][o]}: accumulated weight gradient of unit o of layer l. */
  float[][][] gradW;
  /** {@code gradB[l][o]}: accumulated bias gradient. */
  float[][] gradB;
  /** {@code wRows[l][o]}: a zero-based copy of W_l's row o (l >= 2), for the vectorised backward pass. */
  float[][][] wRows;
  /** {@code wT[l][i]}: column i of W_l (the weights from input i to every unit), for the forward pass. */
  float[][][] wT;
  /** One row's logits (or probabilities) in double precision. */
  double[] logits;
  /** State of the dropout stream (SplitMix64). */
  long rngState;
  private MlpLayout layout;
  private int block = -1;

  public MlpWorkspace() {}

  /** Makes room for blocks of {@code block} rows through {@code layout}. */
  void ensure(MlpLayout layout, int block) {
    if (layout.equals(this.layout) && block == this.block) {
      return;
    }
    int layers = layout.layers();
    act = new float[layers + 1][][];
    z = new float[layers + 1][][];
    deriv = new float[layers + 1][][];
    delta = new float[layers + 1][][];
    gradW = new float[layers + 1][][];
    gradB = new float[layers + 1][];
    wRows = new float[layers + 1][][];
    wT = new float[layers + 1][][];
    for (int l = 0; l <= layers; l++) {
      int n = layout.size(l);
      act[l] = new float[block][n];
      if (l >= 1) {
        z[l] = new float[block][n];
        wT[l] = new float[layout.size(l - 1)][n];
        delta[l] = new float[block][n];
        gradW[l] = new float[n][layout.size(l - 1)];
        gradB[l] = new float[n];
        deriv[l] = l < layers ? new float[block][n] : null;
        wRows[l] = l >= 2 ? new float[n][layout.size(l - 1)] : null;
      }
    }
    logits = new double[layout.outputs()];
    this.layout = layout;
    this.block = block;
  }

  /** Next uniform float in [0, 1) of the dropout stream: SplitMix64, top 24 bits. */
  float nextUniform() {
    long z = (rngState += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 40) * 0x1.0p-24f;
  }
}
