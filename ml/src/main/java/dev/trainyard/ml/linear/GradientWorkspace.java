package dev.trainyard.ml.linear;

/**
 * Reusable scratch memory for {@link LinearGradients}: pass one to the overloads that take it to
 * avoid allocating per call. It grows on demand and its contents never influence a result. Not
 * thread-safe: use one per thread.
 */
public final class GradientWorkspace {
  /** {@code rows[b]}: a copy of row b of the current block, zero-based so loops over it vectorise. */
  float[][] rows = new float[0][];
  /** {@code cols[j][b]}: the current block transposed. */
  float[][] cols = new float[0][];
  /** {@code z[c][b]}: logits of output c for row b, then the loss derivative {@code dloss/dz}. */
  float[][] z = new float[0][];
  /** {@code grad[c]}: the block gradient of output c, {@code d} weights then the bias. */
  float[][] grad = new float[0][];
  private int d = -1;
  private int k = -1;
  private int block = -1;

  public GradientWorkspace() {}

  /** Makes room for blocks of {@code block} rows of {@code d} features and {@code k} outputs. */
  void ensure(int d, int k, int block) {
    if (d == this.d && k == this.k && block == this.block) {
      return;
    }
    rows = new float[block][d];
    cols = new float[d][block];
    z = new float[k][block];
    grad = new float[k][d + 1];
    this.d = d;
    this.k = k;
    this.block = block;
  }
}
