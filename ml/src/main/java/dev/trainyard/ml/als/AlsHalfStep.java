package dev.trainyard.ml.als;

import dev.trainyard.common.InvalidInputException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One ALS half-step over a block of rows of one side, as a pure function: the other side is held
 * fixed and each row's factors (and bias) are the exact minimiser of its regularised squared error.
 *
 * <p>For a row u (a user, or an item when the roles are swapped) with ratings r_ui over the set
 * I_u of n_u = |I_u| other-side rows, fixed vectors y_i and targets t_ui, the weighted-λ
 * objective (Zhou et al. 2008) is
 * <pre>  sum_{i in I_u} (t_ui - x·y_i)² + λ n_u |x|²</pre>
 * whose minimiser solves the normal equations
 * <pre>  (sum_i y_i y_iᵀ + λ n_u I) x = sum_i t_ui y_i</pre>
 * a {@code d x d} symmetric positive-definite system solved by {@link Cholesky}. Without bias
 * terms {@code d = rank}, {@code y_i = q_i}, {@code t_ui = r_ui} and {@code x = p_u}. With bias
 * terms the prediction is {@code μ + b_u + c_i + p_u·q_i}; the block's values are already
 * {@code r_ui - μ}, so the unknowns {@code x = [p_u, b_u]} are solved jointly with
 * {@code d = rank + 1}, {@code y_i = [q_i, 1]} and {@code t_ui = r_ui - μ - c_i} (the bias is
 * regularised like the factors). A row without ratings gets zero factors and bias.
 *
 * <p>Thread safety: concurrent calls may share {@code fixed} and {@code out} as long as they
 * write disjoint rows of {@code out} and each uses its own {@link Workspace}.
 */
public final class AlsHalfStep {
  private AlsHalfStep() {}

  /** Scratch space for one thread: the normal equations of one row. Not thread-safe. */
  public static final class Workspace {
    private final int dim;
    private final double[] a;
    private final double[] b;
    private final double[] y;

    /** A workspace for factors of rank {@code rank}, with or without bias terms. */
    public Workspace(int rank, boolean biases) {
      if (rank < 1) {
        throw new InvalidInputException("rank must be >= 1, was " + rank);
      }
      this.dim = biases ? rank + 1 : rank;
      this.a = new double[dim * dim];
      this.b = new double[dim];
      this.y = new double[dim];
    }
  }

  /**
   * Solves every row of {@code block} against the fixed other side and writes row
   * {@code block.first() + r} into row {@code outRow + r} of {@code out} (factors, and bias when
   * the model has biases). Returns the sum of squared residuals of the block's ratings under the
   * new values, i.e. the data term of the objective.
   *
   * @param fixed the other side's factors ({@code otherRows x rank}) and biases, read only
   * @param block this side's ratings; its column indices address rows of {@code fixed}
   * @param lambda the weighted-λ strength, > 0
   * @param out receives the new values; same rank and bias presence as {@code fixed}
   * @param outRow the row of {@code out} that receives the block's first row (e.g.
   *     {@code block.first()} for a whole side, 0 for a block-sized buffer)
   * @param ws this thread's workspace, of the same rank and bias presence
   */
  public static double solveBlock(Factors fixed, RatingBlock block, double lambda, Factors out, int outRow, Workspace ws) {
    check(fixed, block, lambda, out, outRow, ws);
    double sse = 0;
    for (int r = 0; r < block.rows(); r++) {
      int from = block.offsets()[r];
      int to = block.offsets()[r + 1];
      if (from == to) {
        Arrays.fill(out.values(), (outRow + r) * out.rank(), (outRow + r + 1) * out.rank(), 0f);
        if (out.hasBiases()) {
          out.biases()[outRow + r] = 0f;
        }
        continue;
      }
      accumulate(fixed, block, from, to, ws);
      double reg = lambda * (to - from);
      for (int k = 0; k < ws.dim; k++) {
        ws.a[k * ws.dim + k] += reg;
      }
      Cholesky.solve(ws.a, ws.b, ws.dim);
      write(ws.b, out, outRow + r);
      sse += squaredResiduals(fixed, block, from, to, out, outRow + r);
    }
    return sse;
  }

  /** Fills the lower triangle of {@code A = sum_i y_i y_iᵀ} and {@code b = sum_i t_ui y_i}. */
  private static void accumulate(Factors fixed, RatingBlock block, int from, int to, Workspace ws) {
    int rank = fixed.rank();
    int d = ws.dim;
    double[] a = ws.a;
    double[] b = ws.b;
    double[] y = ws.y;
    Arrays.fill(a, 0);
    Arrays.fill(b, 0);
    float[] q = fixed.values();
    float[] c = fixed.biases();
    if (c != null) {
      y[rank] = 1;
    }
    for (int p = from; p < to; p++) {
      int i = block.columns()[p];
      int base = i * rank;
      for (int k = 0; k < rank; k++) {
        y[k] = q[base + k];
      }
      double t = c == null ? block.values()[p] : block.values()[p] - c[i];
      for (int k = 0; k < d; k++) {
        double yk = y[k];
        b[k] += t * yk;
        int row = k * d;
        for (int j = 0; j <= k; j++) {
          a[row + j] += yk * y[j];
        }
      }
    }
  }

  private static void write(double[] x, Factors out, int row) {
    int rank = out.rank();
    float[] v = out.values();
    int base = row * rank;
    for (int k = 0; k < rank; k++) {
      v[base + k] = (float) x[k];
    }
    if (out.hasBiases()) {
      out.biases()[row] = (float) x[rank];
    }
  }

  /** sum_i (t_ui - x·y_i)² with the stored (float) solution, as the model will predict. */
  private static double squaredResiduals(Factors fixed, RatingBlock block, int from, int to, Factors out, int row) {
    int rank = fixed.rank();
    float[] q = fixed.values();
    float[] c = fixed.biases();
    float[] p = out.values();
    int pBase = row * rank;
    double ownBias = out.hasBiases() ? out.biases()[row] : 0;
    double sse = 0;
    for (int e = from; e < to; e++) {
      int i = block.columns()[e];
      int qBase = i * rank;
      double pred = ownBias + (c == null ? 0 : c[i]);
      for (int k = 0; k < rank; k++) {
        pred += (double) p[pBase + k] * q[qBase + k];
      }
      double err = block.values()[e] - pred;
      sse += err * err;
    }
    return sse;
  }

  private static void check(Factors fixed, RatingBlock block, double lambda, Factors out, int outRow, Workspace ws) {
    Objects.requireNonNull(fixed, "fixed");
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(ws, "ws");
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new InvalidInputException("lambda must be positive and finite, was " + lambda);
    }
    if (out.rank() != fixed.rank() || out.hasBiases() != fixed.hasBiases()
        || ws.dim != fixed.rank() + (fixed.hasBiases() ? 1 : 0)) {
      throw new InvalidInputException("fixed, out and workspace must have the same rank and bias terms");
    }
    if (outRow < 0 || outRow + block.rows() > out.rows()) {
      throw new InvalidInputException("out must hold rows " + outRow + " to " + (outRow + block.rows())
          + ", has " + out.rows());
    }
    int others = fixed.rows();
    for (int i : block.columns()) {
      if (i < 0 || i >= others) {
        throw new InvalidInputException("block columns must be between 0 and " + (others - 1) + ", was " + i);
      }
    }
  }
}
