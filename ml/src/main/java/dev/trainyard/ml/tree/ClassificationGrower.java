package dev.trainyard.ml.tree;

import dev.trainyard.ml.data.Target;
import java.util.Arrays;

/**
 * Classification trees with Gini or entropy. For a candidate split with weighted class counts
 * {@code L_c} (left) and {@code R_c} (right), {@code nL = sum L_c}, the weighted child impurity
 * to minimise is
 * <ul>
 *   <li>Gini: {@code nL (1 - sum (L_c/nL)^2) + nR (...)}, i.e. maximise
 *       {@code sum L_c^2 / nL + sum R_c^2 / nR};
 *   <li>entropy: {@code nL ln nL - sum L_c ln L_c + (same for R)}, i.e. maximise
 *       {@code sum L_c ln L_c - nL ln nL + sum R_c ln R_c - nR ln nR}.
 * </ul>
 * Both sums change in O(1) when weight moves from right to left in one class, which is what the
 * scans below exploit. Leaves hold the node's weighted class frequencies.
 */
final class ClassificationGrower extends TreeGrower {
  private final int[] labels;
  private final int k;
  private final boolean entropy;
  private final int[] cls;
  private final int[] hist;
  private final long[] total;
  private final long[] leftCounts;
  private final float[] leaf;
  private double[] xlogx = new double[1];
  private long nodeWeight;
  private double totalAcc;

  ClassificationGrower(BinnedFeatures data, Target.Classes y, TreeParams params, int sortBelow,
      int rowMajorBelow) {
    super(data, params, Math.max(1, y.numClasses()), sortBelow, rowMajorBelow);
    this.labels = y.codes();
    this.k = Math.max(1, y.numClasses());
    this.entropy = params.criterion() == Criterion.ENTROPY;
    this.cls = new int[data.rows()];
    this.hist = new int[2 * BinnedFeatures.MAX_BINS * k];
    this.total = new long[k];
    this.leftCounts = new long[k];
    this.leaf = new float[k];
    for (int code : labels) {
      if (code < 0 || code >= k) {
        throw new IllegalArgumentException("class code " + code + " outside 0.." + (k - 1));
      }
    }
  }

  @Override
  void loadTargets(int n) {
    long w = 0;
    for (int i = 0; i < n; i++) {
      cls[i] = labels[rows[i]];
      w += weight[i];
    }
    if (entropy && xlogx.length <= w) {
      xlogx = new double[Math.toIntExact(w + 1)];
      for (int x = 1; x <= w; x++) {
        xlogx[x] = x * Math.log(x);
      }
    }
  }

  @Override
  void swapTargets(int i, int j) {
    int c = cls[i];
    cls[i] = cls[j];
    cls[j] = c;
  }

  @Override
  long nodeStats(int start, int end) {
    Arrays.fill(total, 0);
    long n = 0;
    for (int i = start; i < end; i++) {
      total[cls[i]] += weight[i];
      n += weight[i];
    }
    nodeWeight = n;
    nodePure = false;
    double acc = 0;
    for (long t : total) {
      nodePure |= t == n;
      acc += entropy ? xlogx[(int) t] : (double) t * t;
    }
    totalAcc = acc;
    nodeImpurity = entropy ? xlogx[(int) n] - acc : n - acc / n;
    return n;
  }

  /**
   * Pure children score exactly {@code n} under Gini (each side's {@code sum L_c^2 / nL = nL})
   * and 0 under entropy; any impure side costs at least ~0.69 (entropy) or 1 (Gini) less, so
   * the tolerances below cannot admit an impure split.
   */
  @Override
  boolean isPerfect(double score) {
    return entropy ? score >= -1e-6 : score >= nodeWeight - 0.5;
  }

  @Override
  int writeLeaf() {
    for (int c = 0; c < k; c++) {
      leaf[c] = (float) ((double) total[c] / nodeWeight);
    }
    return appendValues(leaf);
  }

  @Override
  void clearHistogram(int lo, int hi) {
    Arrays.fill(hist, 2 * lo * k, 2 * (hi + 1) * k, 0);
  }

  /**
   * Weighted class counts per bin of the gathered node bins. Even and odd positions go to two
   * interleaved copies ({@code hist[(2b + i&1) * k + c]}): runs of equal bins (say, zero pixels)
   * would otherwise make each increment wait for the previous store to the same counter.
   */
  @Override
  void fillHistogram(int start, int end) {
    int[] h = hist;
    byte[] bins = nodeBins;
    int[] c = cls;
    int[] wt = weight;
    int kk = k;
    int m = end - start;
    int i = 0;
    for (; i + 1 < m; i += 2) {
      int p = start + i;
      h[(bins[i] & 0xFF) * 2 * kk + c[p]] += wt[p];
      h[((bins[i + 1] & 0xFF) * 2 + 1) * kk + c[p + 1]] += wt[p + 1];
    }
    if (i < m) {
      h[(bins[i] & 0xFF) * 2 * kk + c[start + i]] += wt[start + i];
    }
  }

  @Override
  void scanHistogram(int f, int lo, int hi) {
    long[] left = leftCounts;
    Arrays.fill(left, 0);
    double accL = 0;
    double accR = totalAcc;
    long n = nodeWeight;
    long nL = 0;
    int minLeaf = params.minSamplesLeaf();
    int prev = -1;
    for (int b = lo; b <= hi; b++) {
      int base = 2 * b * k;
      int wb = 0;
      for (int c = 0; c < k; c++) {
        wb += hist[base + c] + hist[base + k + c];
      }
      if (wb == 0) {
        continue;
      }
      if (prev >= 0) {
        if (n - nL < minLeaf) {
          return;
        }
        if (nL >= minLeaf) {
          offer(f, prev, b, score(accL, accR, nL, n - nL));
        }
      }
      for (int c = 0; c < k; c++) {
        int hc = hist[base + c] + hist[base + k + c];
        if (hc != 0) {
          long l = left[c];
          long r = total[c] - l;
          accL += delta(l, l + hc);
          accR += delta(r, r - hc);
          left[c] = l + hc;
        }
      }
      nL += wb;
      prev = b;
    }
  }

  @Override
  void scanSorted(int f, int start, int end) {
    int m = end - start;
    byte[] bins = nodeBins;
    sortByBin(m);
    int prev = binLo;
    long[] left = leftCounts;
    Arrays.fill(left, 0);
    double accL = 0;
    double accR = totalAcc;
    long n = nodeWeight;
    long nL = 0;
    int minLeaf = params.minSamplesLeaf();
    for (int t = 0; t < m; t++) {
      int o = order[t];
      int b = bins[o] & 0xFF;
      if (b != prev) {
        if (n - nL < minLeaf) {
          return;
        }
        if (nL >= minLeaf) {
          offer(f, prev, b, score(accL, accR, nL, n - nL));
        }
        prev = b;
      }
      int i = start + o;
      int c = cls[i];
      int w = weight[i];
      long l = left[c];
      long r = total[c] - l;
      accL += delta(l, l + w);
      accR += delta(r, r - w);
      left[c] = l + w;
      nL += w;
    }
  }

  /** Change of the class term ({@code x^2} or {@code x ln x}) when a count goes from a to b. */
  private double delta(long a, long b) {
    return entropy ? xlogx[(int) b] - xlogx[(int) a] : (double) (b - a) * (a + b);
  }

  private double score(double accL, double accR, long nL, long nR) {
    return entropy ? accL - xlogx[(int) nL] + accR - xlogx[(int) nR] : accL / nL + accR / nR;
  }

  private void offer(int f, int lo, int hi, double score) {
    if (score > bestScore) {
      bestScore = score;
      bestFeature = f;
      bestBin = gapMiddle(lo, hi);
    }
  }
}
