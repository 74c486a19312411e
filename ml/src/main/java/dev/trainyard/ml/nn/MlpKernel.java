package dev.trainyard.ml.nn;

import java.util.Arrays;

/**
 * The blocked forward and backward passes behind {@link MlpGradients}. Rows go through the network
 * in blocks of {@link #BLOCK}; every inner loop is an {@code axpy} over a zero-based array of a
 * layer's units or inputs, which C2 vectorises, never a dot-product reduction, which it does not.
 * Each call first copies {@code W_l} column by column ({@code wT}) so the forward pass can run
 * along units. Per block and layer {@code l} (1-based, {@code a_0 = x}):
 * <pre>
 *   forward   z_l = W_l a_{l-1} + b_l              z[b][:] += a[b][i] * wT[i][:], four i per pass
 *             a_l = m_l * f(z_l)  (hidden)       m = 0 or 1/(1-p) per unit and row (inverted dropout)
 *             p = softmax(z_{L+1}), loss = logsumexp(z) - z_y
 *   backward  delta_{L+1} = p - onehot(y)
 *             dW_l += delta_l a_{l-1}^T            gW[o][:] += delta[b][o] * a[b][:], four b per pass
 *             db_l += delta_l
 *             delta_{l-1} = (W_l^T delta_l) * m_{l-1} * f'(z_{l-1})   row b: += delta[b][o] * W[o][:]
 * </pre>
 * A group of four terms whose multipliers are all zero (activations forward, deltas backward: dead
 * ReLU units, dropped units) is skipped, in the block path and the one-row path alike. Each float
 * is computed by the same sequence of operations whatever the block's position, so the vectorised
 * block path and the one-row path ({@link #forwardRow}) agree bit for bit.
 */
final class MlpKernel {
  /** Rows per block; fixed so results depend only on the arguments. */
  static final int BLOCK = 64;

  private MlpKernel() {}

  /** Summed loss of {@code rows[from..to)}; adds the summed gradient into {@code gradOut} when not null. */
  static double run(MlpLayout layout, Activation act, float[] params, float[] x, int[] rows, int from, int to,
      int[] labels, double dropout, long seed, float[] gradOut, MlpWorkspace ws) {
    ws.ensure(layout, BLOCK);
    ws.rngState = seed;
    int top = layout.layers();
    transposeWeights(layout, params, ws);
    if (gradOut != null) {
      clearGradients(layout, ws);
      copyWeights(layout, params, ws);
    }
    double loss = 0;
    for (int lo = from; lo < to; lo += BLOCK) {
      int nb = Math.min(to, lo + BLOCK) - lo;
      forward(layout, act, params, x, rows, lo, nb, dropout, ws);
      loss += softmaxDelta(rows, lo, nb, labels, layout.outputs(), ws);
      if (gradOut != null) {
        for (int l = top; l >= 1; l--) {
          accumulate(layout, l, nb, ws);
          if (l > 1) {
            propagate(layout, l, nb, ws);
          }
        }
      }
    }
    if (gradOut != null) {
      flush(layout, ws, gradOut);
    }
    return loss;
  }

  /** Writes class probabilities of {@code n} rows of row-major {@code x} into {@code out[r]}, no dropout. */
  static void probabilities(MlpLayout layout, Activation act, float[] params, float[] x, int n, double[][] out,
      MlpWorkspace ws) {
    ws.ensure(layout, BLOCK);
    transposeWeights(layout, params, ws);
    int[] identity = new int[Math.min(n, BLOCK)];
    int top = layout.layers();
    int k = layout.outputs();
    for (int lo = 0; lo < n; lo += BLOCK) {
      int nb = Math.min(n, lo + BLOCK) - lo;
      for (int b = 0; b < nb; b++) {
        identity[b] = lo + b;
      }
      forward(layout, act, params, x, identity, 0, nb, 0, ws);
      for (int b = 0; b < nb; b++) {
        for (int c = 0; c < k; c++) {
          ws.logits[c] = ws.z[top][b][c];
        }
        double lse = logSumExp(ws.logits, k);
        for (int c = 0; c < k; c++) {
          out[lo + b][c] = Math.exp(ws.logits[c] - lse);
        }
      }
    }
  }

  /** Logits of one row into {@code out} (length {@code k}); {@code bufA}, {@code bufB} hold {@code maxWidth} floats. */
  static void forwardRow(MlpLayout layout, Activation act, float[] params, float[] x, float[] bufA, float[] bufB,
      double[] out) {
    float[] in = x;
    float[] next = bufA;
    for (int l = 1; l <= layout.layers(); l++) {
      int nIn = layout.fanIn(l);
      int w = layout.weightOffset(l);
      int bias = layout.biasOffset(l);
      boolean hidden = l < layout.layers();
      for (int o = 0; o < layout.fanOut(l); o++) {
        float z = unitSum(params, w + o * nIn, params[bias + o], in, nIn);
        if (hidden) {
          next[o] = act.apply(z);
        } else {
          out[o] = z;
        }
      }
      in = next;
      next = next == bufA ? bufB : bufA;
    }
  }

  /** {@code bias + sum_i w_i x_i} in the exact order of {@link #forwardLayer}: four terms per step, all-zero inputs skipped. */
  private static float unitSum(float[] p, int w, float bias, float[] x, int n) {
    float z = bias;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      if (x[i] == 0 && x[i + 1] == 0 && x[i + 2] == 0 && x[i + 3] == 0) {
        continue;
      }
      z += x[i] * p[w + i] + x[i + 1] * p[w + i + 1] + x[i + 2] * p[w + i + 2] + x[i + 3] * p[w + i + 3];
    }
    for (; i < n; i++) {
      if (x[i] != 0) {
        z += x[i] * p[w + i];
      }
    }
    return z;
  }

  private static void forward(MlpLayout layout, Activation act, float[] params, float[] x, int[] rows, int lo,
      int nb, double dropout, MlpWorkspace ws) {
    load(x, layout.inputs(), rows, lo, nb, ws);
    for (int l = 1; l <= layout.layers(); l++) {
      forwardLayer(layout, l, params, nb, ws);
      if (l < layout.layers()) {
        activate(layout.size(l), ws.z[l], act, dropout, nb, ws.act[l], ws.deriv[l], ws);
      }
    }
  }

  /** Copies the block's rows into {@code act[0]}. */
  private static void load(float[] x, int d, int[] rows, int lo, int nb, MlpWorkspace ws) {
    float[][] r = ws.act[0];
    for (int b = 0; b < nb; b++) {
      System.arraycopy(x, rows[lo + b] * d, r[b], 0, d);
    }
  }

  /**
   * {@code z[b][:] = b + sum_i a[b][i] wT[i][:]}: four inputs per pass, every row of the block per
   * four inputs so their weight columns stay in L1 while the block's z rows stream through L2.
   */
  private static void forwardLayer(MlpLayout layout, int l, float[] p, int nb, MlpWorkspace ws) {
    int nIn = layout.fanIn(l);
    int nOut = layout.fanOut(l);
    float[][] wT = ws.wT[l];
    float[][] a = ws.act[l - 1];
    float[][] z = ws.z[l];
    for (int b = 0; b < nb; b++) {
      System.arraycopy(p, layout.biasOffset(l), z[b], 0, nOut);
    }
    int i = 0;
    for (; i + 3 < nIn; i += 4) {
      float[] w0 = wT[i];
      float[] w1 = wT[i + 1];
      float[] w2 = wT[i + 2];
      float[] w3 = wT[i + 3];
      for (int b = 0; b < nb; b++) {
        float[] ab = a[b];
        float a0 = ab[i];
        float a1 = ab[i + 1];
        float a2 = ab[i + 2];
        float a3 = ab[i + 3];
        if (a0 == 0 && a1 == 0 && a2 == 0 && a3 == 0) {
          continue;
        }
        float[] zb = z[b];
        for (int o = 0; o < nOut; o++) {
          zb[o] += a0 * w0[o] + a1 * w1[o] + a2 * w2[o] + a3 * w3[o];
        }
      }
    }
    for (; i < nIn; i++) {
      float[] wi = wT[i];
      for (int b = 0; b < nb; b++) {
        float ai = a[b][i];
        if (ai != 0) {
          float[] zb = z[b];
          for (int o = 0; o < nOut; o++) {
            zb[o] += ai * wi[o];
          }
        }
      }
    }
  }

  /**
   * {@code a = m * f(z)} with the inverted-dropout mask {@code m} (0 with probability p, else
   * {@code 1/(1-p)}), drawn row by row in unit order; stores {@code m * f'(z)} for the backward pass.
   */
  private static void activate(int n, float[][] z, Activation act, double dropout, int nb, float[][] a,
      float[][] deriv, MlpWorkspace ws) {
    float p = (float) dropout;
    float scale = (float) (1 / (1 - dropout));
    for (int b = 0; b < nb; b++) {
      float[] ab = a[b];
      float[] db = deriv[b];
      float[] zb = z[b];
      for (int o = 0; o < n; o++) {
        float h = act.apply(zb[o]);
        float m = p > 0 ? (ws.nextUniform() < p ? 0f : scale) : 1f;
        float v = h * m;
        ab[o] = v;
        db[o] = m * act.derivative(h);
      }
    }
  }

  /** Adds each row's {@code logsumexp(z) - z_y} and writes {@code delta = softmax(z) - onehot(y)}. */
  private static double softmaxDelta(int[] rows, int lo, int nb, int[] labels, int k, MlpWorkspace ws) {
    float[][] logits = ws.z[ws.z.length - 1];
    float[][] delta = ws.delta[ws.delta.length - 1];
    double[] z = ws.logits;
    double loss = 0;
    for (int b = 0; b < nb; b++) {
      float[] zb = logits[b];
      for (int c = 0; c < k; c++) {
        z[c] = zb[c];
      }
      double lse = logSumExp(z, k);
      int y = labels[rows[lo + b]];
      loss += lse - z[y];
      float[] db = delta[b];
      for (int c = 0; c < k; c++) {
        db[c] = (float) (Math.exp(z[c] - lse) - (c == y ? 1 : 0));
      }
    }
    return loss;
  }

  /** {@code m + log sum_c e^(z_c - m)} with {@code m = max_c z_c}, so nothing overflows. */
  static double logSumExp(double[] z, int k) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      max = Math.max(max, z[c]);
    }
    double sum = 0;
    for (int c = 0; c < k; c++) {
      sum += Math.exp(z[c] - max);
    }
    return max + Math.log(sum);
  }

  /** {@code db_l += sum_b delta[b]}, {@code dW_l[o][:] += sum_b delta[b][o] a_{l-1}[b][:]}, four rows per pass. */
  private static void accumulate(MlpLayout layout, int l, int nb, MlpWorkspace ws) {
    float[][] delta = ws.delta[l];
    float[][] a = ws.act[l - 1];
    int nOut = layout.fanOut(l);
    int nIn = layout.fanIn(l);
    float[] gb = ws.gradB[l];
    for (int b = 0; b < nb; b++) {
      addInto(gb, delta[b], nOut);
    }
    for (int o = 0; o < nOut; o++) {
      float[] g = ws.gradW[l][o];
      int b = 0;
      for (; b + 3 < nb; b += 4) {
        float e0 = delta[b][o];
        float e1 = delta[b + 1][o];
        float e2 = delta[b + 2][o];
        float e3 = delta[b + 3][o];
        if (e0 == 0 && e1 == 0 && e2 == 0 && e3 == 0) {
          continue; // dead or dropped units contribute nothing
        }
        float[] x0 = a[b];
        float[] x1 = a[b + 1];
        float[] x2 = a[b + 2];
        float[] x3 = a[b + 3];
        for (int i = 0; i < nIn; i++) {
          g[i] += e0 * x0[i] + e1 * x1[i] + e2 * x2[i] + e3 * x3[i];
        }
      }
      for (; b < nb; b++) {
        float e = delta[b][o];
        float[] xb = a[b];
        for (int i = 0; i < nIn; i++) {
          g[i] += e * xb[i];
        }
      }
    }
  }

  private static void addInto(float[] acc, float[] v, int n) {
    for (int i = 0; i < n; i++) {
      acc[i] += v[i];
    }
  }

  /** {@code delta_{l-1}[b] = (sum_o delta_l[b][o] W_l[o][:]) * deriv_{l-1}[b]}, four units per pass. */
  private static void propagate(MlpLayout layout, int l, int nb, MlpWorkspace ws) {
    float[][] w = ws.wRows[l];
    int nOut = layout.fanOut(l);
    int nIn = layout.fanIn(l);
    for (int b = 0; b < nb; b++) {
      float[] d = ws.delta[l][b];
      float[] out = ws.delta[l - 1][b];
      Arrays.fill(out, 0f);
      int o = 0;
      for (; o + 3 < nOut; o += 4) {
        float e0 = d[o];
        float e1 = d[o + 1];
        float e2 = d[o + 2];
        float e3 = d[o + 3];
        if (e0 == 0 && e1 == 0 && e2 == 0 && e3 == 0) {
          continue;
        }
        float[] w0 = w[o];
        float[] w1 = w[o + 1];
        float[] w2 = w[o + 2];
        float[] w3 = w[o + 3];
        for (int i = 0; i < nIn; i++) {
          out[i] += e0 * w0[i] + e1 * w1[i] + e2 * w2[i] + e3 * w3[i];
        }
      }
      for (; o < nOut; o++) {
        float e = d[o];
        float[] wo = w[o];
        for (int i = 0; i < nIn; i++) {
          out[i] += e * wo[i];
        }
      }
      float[] m = ws.deriv[l - 1][b];
      for (int i = 0; i < nIn; i++) {
        out[i] *= m[i];
      }
    }
  }

  private static void clearGradients(MlpLayout layout, MlpWorkspace ws) {
    for (int l = 1; l <= layout.layers(); l++) {
      for (float[] g : ws.gradW[l]) {
        Arrays.fill(g, 0f);
      }
      Arrays.fill(ws.gradB[l], 0f);
    }
  }

  /** {@code wT[l][i][o] = W_l[o][i]}, in strips of 16 units so the 16 source rows stay in cache. */
  private static void transposeWeights(MlpLayout layout, float[] params, MlpWorkspace ws) {
    for (int l = 1; l <= layout.layers(); l++) {
      int nIn = layout.fanIn(l);
      int nOut = layout.fanOut(l);
      int w = layout.weightOffset(l);
      float[][] wT = ws.wT[l];
      for (int o0 = 0; o0 < nOut; o0 += 16) {
        int o1 = Math.min(nOut, o0 + 16);
        for (int i = 0; i < nIn; i++) {
          float[] col = wT[i];
          for (int o = o0; o < o1; o++) {
            col[o] = params[w + o * nIn + i];
          }
        }
      }
    }
  }

  /** Zero-based copies of the weight rows the backward pass multiplies by (layers 2 and up). */
  private static void copyWeights(MlpLayout layout, float[] params, MlpWorkspace ws) {
    for (int l = 2; l <= layout.layers(); l++) {
      int nIn = layout.fanIn(l);
      int w = layout.weightOffset(l);
      for (int o = 0; o < layout.fanOut(l); o++) {
        System.arraycopy(params, w + o * nIn, ws.wRows[l][o], 0, nIn);
      }
    }
  }

  private static void flush(MlpLayout layout, MlpWorkspace ws, float[] gradOut) {
    for (int l = 1; l <= layout.layers(); l++) {
      int nIn = layout.fanIn(l);
      int w = layout.weightOffset(l);
      for (int o = 0; o < layout.fanOut(l); o++) {
        float[] g = ws.gradW[l][o];
        int base = w + o * nIn;
        for (int i = 0; i < nIn; i++) {
          gradOut[base + i] += g[i];
        }
      }
      int bias = layout.biasOffset(l);
      float[] gb = ws.gradB[l];
      for (int o = 0; o < gb.length; o++) {
        gradOut[bias + o] += gb[o];
      }
    }
  }
}
