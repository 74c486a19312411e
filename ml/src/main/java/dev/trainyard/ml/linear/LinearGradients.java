package dev.trainyard.ml.linear;

import java.util.Objects;

/**
 * Pure loss-and-gradient functions of linear models over a batch of rows; what a local trainer and
 * a parameter-server worker both call. Stateless and thread-safe.
 *
 * <p>Conventions shared by every function:
 * <ul>
 *   <li>{@code x} is row-major, {@code d} features per row; the batch is the rows
 *       {@code rows[from..to)} (indices into {@code x} and the labels, any order, repeats allowed).
 *   <li>{@code w} holds {@code k} rows of {@code d + 1} floats: the weights of output {@code c} at
 *       {@code w[c*(d+1) .. c*(d+1)+d)} and its bias at {@code w[c*(d+1)+d]}.
 *   <li>The gradient of the <em>summed</em> batch loss is <em>added</em> into {@code gradOut}
 *       (same layout as {@code w}); pass {@code null} to compute the loss only. The return value is
 *       the summed loss. Nothing is allocated per row; the overloads taking a
 *       {@link GradientWorkspace} allocate nothing at all once it has grown.
 * </ul>
 * Regularisation is separate ({@link #l2}, {@link #l1}) so the caller decides how to weight it
 * against the batch. The results depend only on the arguments (not on the workspace or the
 * thread), bit for bit.
 */
public final class LinearGradients {
  private LinearGradients() {}

  /**
   * Binary logistic loss, labels 0 or 1, {@code k = 1}. With {@code z = w.x + b} and
   * {@code s = sigmoid(z)}: {@code loss = log(1 + e^z) - y z} (computed as
   * {@code max(z,0) + log1p(e^-|z|) - y z} so it never overflows) and
   * {@code dloss/dw = (s - y) x}, {@code dloss/db = s - y}.
   */
  public static double logistic(float[] x, int d, int[] rows, int from, int to, int[] labels, float[] w, float[] gradOut) {
    return logistic(x, d, rows, from, to, labels, w, gradOut, new GradientWorkspace());
  }

  /** {@link #logistic(float[], int, int[], int, int, int[], float[], float[])} reusing {@code ws}. */
  public static double logistic(float[] x, int d, int[] rows, int from, int to, int[] labels, float[] w,
      float[] gradOut, GradientWorkspace ws) {
    checkBatch(x, d, 1, rows, from, to, w, gradOut, ws);
    Objects.requireNonNull(labels, "labels");
    return BlockKernel.run(Objective.LOGISTIC, x, d, 1, rows, from, to, labels, null, w, gradOut, ws);
  }

  /**
   * Multinomial (softmax) cross-entropy, labels {@code 0..k-1}. With {@code z_c = w_c.x + b_c} and
   * {@code p = softmax(z)}: {@code loss = logsumexp(z) - z_y} where
   * {@code logsumexp(z) = m + log sum_c e^(z_c - m)}, {@code m = max_c z_c} (no overflow), and
   * {@code dloss/dw_c = (p_c - [c = y]) x}, {@code dloss/db_c = p_c - [c = y]}.
   */
  public static double softmax(float[] x, int d, int k, int[] rows, int from, int to, int[] labels, float[] w, float[] gradOut) {
    return softmax(x, d, k, rows, from, to, labels, w, gradOut, new GradientWorkspace());
  }

  /** {@link #softmax(float[], int, int, int[], int, int, int[], float[], float[])} reusing {@code ws}. */
  public static double softmax(float[] x, int d, int k, int[] rows, int from, int to, int[] labels, float[] w,
      float[] gradOut, GradientWorkspace ws) {
    checkBatch(x, d, k, rows, from, to, w, gradOut, ws);
    Objects.requireNonNull(labels, "labels");
    return BlockKernel.run(Objective.SOFTMAX, x, d, k, rows, from, to, labels, null, w, gradOut, ws);
  }

  /**
   * Squared loss for regression, {@code k = 1}: with {@code e = w.x + b - y},
   * {@code loss = e^2 / 2}, {@code dloss/dw = e x}, {@code dloss/db = e}.
   */
  public static double squared(float[] x, int d, int[] rows, int from, int to, float[] targets, float[] w, float[] gradOut) {
    return squared(x, d, rows, from, to, targets, w, gradOut, new GradientWorkspace());
  }

  /** {@link #squared(float[], int, int[], int, int, float[], float[], float[])} reusing {@code ws}. */
  public static double squared(float[] x, int d, int[] rows, int from, int to, float[] targets, float[] w,
      float[] gradOut, GradientWorkspace ws) {
    checkBatch(x, d, 1, rows, from, to, w, gradOut, ws);
    Objects.requireNonNull(targets, "targets");
    return BlockKernel.run(Objective.LINEAR, x, d, 1, rows, from, to, null, targets, w, gradOut, ws);
  }

  /**
   * L2 penalty on the weights (biases excluded): returns {@code l2/2 * sum w^2} and adds
   * {@code l2 * w} into {@code gradOut} when it is not null.
   */
  public static double l2(float[] w, int d, int k, double l2, float[] gradOut) {
    checkWeights(w, d, k, gradOut);
    double sum = 0;
    float lf = (float) l2;
    for (int c = 0; c < k; c++) {
      int o = c * (d + 1);
      for (int j = o; j < o + d; j++) {
        sum += (double) w[j] * w[j];
        if (gradOut != null) {
          gradOut[j] += lf * w[j];
        }
      }
    }
    return 0.5 * l2 * sum;
  }

  /**
   * L1 penalty on the weights (biases excluded): returns {@code l1 * sum |w|} and adds the
   * subgradient {@code l1 * sign(w)} (0 at 0) into {@code gradOut} when it is not null. The
   * trainer uses the optimizers' proximal step instead; this is for the objective value and for
   * callers that want subgradient descent.
   */
  public static double l1(float[] w, int d, int k, double l1, float[] gradOut) {
    checkWeights(w, d, k, gradOut);
    double sum = 0;
    float lf = (float) l1;
    for (int c = 0; c < k; c++) {
      int o = c * (d + 1);
      for (int j = o; j < o + d; j++) {
        sum += Math.abs(w[j]);
        if (gradOut != null) {
          gradOut[j] += lf * Math.signum(w[j]);
        }
      }
    }
    return l1 * sum;
  }

  /** Fills {@code z} with the {@code k} logits of the row at {@code x[base..base+d)} and returns logsumexp(z). */
  static double logits(float[] w, int d, int k, float[] x, int base, double[] z) {
    int stride = d + 1;
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      double zc = dot(w, c * stride, x, base, d) + w[c * stride + d];
      z[c] = zc;
      max = Math.max(max, zc);
    }
    double sum = 0;
    for (int c = 0; c < k; c++) {
      sum += Math.exp(z[c] - max);
    }
    return max + Math.log(sum);
  }

  /** {@code log(1 + e^z)} without overflow. */
  static double softplus(double z) {
    return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /** {@code 1 / (1 + e^-z)} without overflow for large |z|. */
  static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  /** Four independent partial sums: breaks the add dependency chain so the CPU can pipeline. */
  static float dot(float[] a, int ao, float[] b, int bo, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int j = 0;
    for (; j + 3 < n; j += 4) {
      s0 += a[ao + j] * b[bo + j];
      s1 += a[ao + j + 1] * b[bo + j + 1];
      s2 += a[ao + j + 2] * b[bo + j + 2];
      s3 += a[ao + j + 3] * b[bo + j + 3];
    }
    for (; j < n; j++) {
      s0 += a[ao + j] * b[bo + j];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static void checkBatch(
      float[] x, int d, int k, int[] rows, int from, int to, float[] w, float[] gradOut, GradientWorkspace ws) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(ws, "ws");
    Objects.requireNonNull(rows, "rows");
    Objects.checkFromToIndex(from, to, rows.length);
    checkWeights(w, d, k, gradOut);
  }

  private static void checkWeights(float[] w, int d, int k, float[] gradOut) {
    Objects.requireNonNull(w, "w");
    if (d < 0 || k < 1) {
      throw new IllegalArgumentException("need d >= 0 and k >= 1, was d=" + d + ", k=" + k);
    }
    int size = k * (d + 1);
    if (w.length != size) {
      throw new IllegalArgumentException("w must have k*(d+1) = " + size + " entries, has " + w.length);
    }
    if (gradOut != null && gradOut.length != size) {
      throw new IllegalArgumentException("gradOut must have k*(d+1) = " + size + " entries, has " + gradOut.length);
    }
  }
}
