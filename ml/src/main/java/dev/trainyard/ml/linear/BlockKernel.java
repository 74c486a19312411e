package dev.trainyard.ml.linear;

import java.util.Arrays;

/**
 * The loss/gradient loop behind {@link LinearGradients}, organised for speed on the JVM. Rows are
 * processed in blocks whose size depends only on {@code d}, so results never depend on who calls.
 * Per block:
 * <ol>
 *   <li>copy the rows into zero-based arrays and transpose them ({@code cols[j][b]});
 *   <li>forward: {@code z[c][b] = b_c + sum_j w_cj * cols[j][b]} as {@code axpy}s over the block's
 *       rows — C2 vectorises these loops, but not a dot-product reduction;
 *   <li>replace each {@code z[c][b]} by {@code dloss/dz}, summing the loss (objective-specific);
 *   <li>backward: {@code grad_c += sum_b dloss/dz[c][b] * row_b}, four rows per pass.
 * </ol>
 * The block gradient is summed in the workspace and added to the caller's array once per call.
 */
final class BlockKernel {
  private BlockKernel() {}

  /** Rows per block: 64, fewer for very wide rows to bound the workspace. Depends only on d. */
  static int blockRows(int d) {
    return Math.max(4, Math.min(64, (1 << 18) / Math.max(1, d)));
  }

  static double run(Objective objective, float[] x, int d, int k, int[] rows, int from, int to,
      int[] classes, float[] targets, float[] w, float[] gradOut, GradientWorkspace ws) {
    int block = blockRows(d);
    ws.ensure(d, k, block);
    if (gradOut != null) {
      for (float[] g : ws.grad) {
        Arrays.fill(g, 0f);
      }
    }
    double loss = 0;
    for (int lo = from; lo < to; lo += block) {
      int nb = Math.min(to, lo + block) - lo;
      load(x, d, rows, lo, nb, ws);
      forward(w, d, k, nb, ws);
      switch (objective) {
        case LOGISTIC:
          loss += logisticDerivative(rows, lo, nb, classes, ws.z[0]);
          break;
        case SOFTMAX:
          loss += softmaxDerivative(rows, lo, nb, classes, k, ws.z);
          break;
        case LINEAR:
          loss += squaredDerivative(rows, lo, nb, targets, ws.z[0]);
          break;
        default:
          throw new AssertionError(objective);
      }
      if (gradOut != null) {
        backward(d, k, nb, ws);
      }
    }
    if (gradOut != null) {
      flush(ws.grad, d, k, gradOut);
    }
    return loss;
  }

  private static void load(float[] x, int d, int[] rows, int lo, int nb, GradientWorkspace ws) {
    for (int b = 0; b < nb; b++) {
      System.arraycopy(x, rows[lo + b] * d, ws.rows[b], 0, d);
    }
    // Transpose in strips of 16 features so the 16 destination arrays stay in L1.
    for (int j0 = 0; j0 < d; j0 += 16) {
      int j1 = Math.min(d, j0 + 16);
      for (int b = 0; b < nb; b++) {
        float[] r = ws.rows[b];
        for (int j = j0; j < j1; j++) {
          ws.cols[j][b] = r[j];
        }
      }
    }
  }

  /** Four features per pass over the block: one load and store of z per four multiply-adds. */
  private static void forward(float[] w, int d, int k, int nb, GradientWorkspace ws) {
    float[][] cols = ws.cols;
    for (int c = 0; c < k; c++) {
      float[] z = ws.z[c];
      int o = c * (d + 1);
      Arrays.fill(z, 0, nb, w[o + d]);
      int j = 0;
      for (; j + 3 < d; j += 4) {
        float w0 = w[o + j];
        float w1 = w[o + j + 1];
        float w2 = w[o + j + 2];
        float w3 = w[o + j + 3];
        if (w0 == 0 && w1 == 0 && w2 == 0 && w3 == 0) {
          continue;
        }
        float[] c0 = cols[j];
        float[] c1 = cols[j + 1];
        float[] c2 = cols[j + 2];
        float[] c3 = cols[j + 3];
        for (int b = 0; b < nb; b++) {
          z[b] += w0 * c0[b] + w1 * c1[b] + w2 * c2[b] + w3 * c3[b];
        }
      }
      for (; j < d; j++) {
        float wj = w[o + j];
        float[] cj = cols[j];
        for (int b = 0; b < nb; b++) {
          z[b] += wj * cj[b];
        }
      }
    }
  }

  /** loss = softplus(z) - y z; dloss/dz = sigmoid(z) - y. */
  private static double logisticDerivative(int[] rows, int lo, int nb, int[] classes, float[] z) {
    double loss = 0;
    for (int b = 0; b < nb; b++) {
      double zb = z[b];
      int y = classes[rows[lo + b]];
      loss += LinearGradients.softplus(zb) - (y == 1 ? zb : 0);
      z[b] = (float) (LinearGradients.sigmoid(zb) - y);
    }
    return loss;
  }

  /** loss = logsumexp(z) - z_y; dloss/dz_c = softmax(z)_c - [c = y]. */
  private static double softmaxDerivative(int[] rows, int lo, int nb, int[] classes, int k, float[][] z) {
    double loss = 0;
    for (int b = 0; b < nb; b++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, z[c][b]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(z[c][b] - max);
      }
      double lse = max + Math.log(sum);
      int y = classes[rows[lo + b]];
      loss += lse - z[y][b];
      for (int c = 0; c < k; c++) {
        z[c][b] = (float) (Math.exp(z[c][b] - lse) - (c == y ? 1 : 0));
      }
    }
    return loss;
  }

  /** loss = (z - t)^2 / 2; dloss/dz = z - t. */
  private static double squaredDerivative(int[] rows, int lo, int nb, float[] targets, float[] z) {
    double loss = 0;
    for (int b = 0; b < nb; b++) {
      double e = (double) z[b] - targets[rows[lo + b]];
      loss += 0.5 * e * e;
      z[b] = (float) e;
    }
    return loss;
  }

  private static void backward(int d, int k, int nb, GradientWorkspace ws) {
    float[][] r = ws.rows;
    for (int c = 0; c < k; c++) {
      float[] g = ws.grad[c];
      float[] e = ws.z[c];
      int b = 0;
      for (; b + 3 < nb; b += 4) {
        float e0 = e[b];
        float e1 = e[b + 1];
        float e2 = e[b + 2];
        float e3 = e[b + 3];
        float[] x0 = r[b];
        float[] x1 = r[b + 1];
        float[] x2 = r[b + 2];
        float[] x3 = r[b + 3];
        for (int j = 0; j < d; j++) {
          g[j] += e0 * x0[j] + e1 * x1[j] + e2 * x2[j] + e3 * x3[j];
        }
      }
      for (; b < nb; b++) {
        float eb = e[b];
        float[] xb = r[b];
        for (int j = 0; j < d; j++) {
          g[j] += eb * xb[j];
        }
      }
      float bias = 0;
      for (b = 0; b < nb; b++) {
        bias += e[b];
      }
      g[d] += bias;
    }
  }

  private static void flush(float[][] grad, int d, int k, float[] gradOut) {
    for (int c = 0; c < k; c++) {
      float[] g = grad[c];
      int o = c * (d + 1);
      for (int j = 0; j <= d; j++) {
        gradOut[o + j] += g[j];
      }
    }
  }
}
