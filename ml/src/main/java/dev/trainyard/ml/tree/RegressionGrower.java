package dev.trainyard.ml.tree;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.Target;
import java.util.Arrays;

/**
 * Regression trees by variance reduction. With weighted sums {@code S = sum w y} and weights
 * {@code n = sum w}, a node's weighted squared error is {@code sum w y^2 - S^2 / n}; the first
 * term does not depend on the split, so the best split maximises {@code S_L^2 / n_L + S_R^2 / n_R}.
 * Leaves hold the weighted mean {@code S / n}.
 */
final class RegressionGrower extends TreeGrower {
  private final float[] target;
  private final float[] y;
  private final double[] binSum;
  private final int[] binWeight;
  private final float[] leaf = new float[1];
  private long nodeWeight;
  private double nodeSum;

  RegressionGrower(BinnedFeatures data, Target.Values values, TreeParams params, int sortBelow,
      int rowMajorBelow) {
    super(data, params, 1, sortBelow, rowMajorBelow);
    this.target = values.values();
    this.y = new float[data.rows()];
    this.binSum = new double[BinnedFeatures.MAX_BINS];
    this.binWeight = new int[BinnedFeatures.MAX_BINS];
    for (int i = 0; i < target.length; i++) {
      if (!Float.isFinite(target[i])) {
        throw new InvalidInputException(
            "regression target must be finite, was " + target[i] + " at row " + i);
      }
    }
  }

  @Override
  void loadTargets(int n) {
    for (int i = 0; i < n; i++) {
      y[i] = target[rows[i]];
    }
  }

  @Override
  void swapTargets(int i, int j) {
    float t = y[i];
    y[i] = y[j];
    y[j] = t;
  }

  @Override
  long nodeStats(int start, int end) {
    long n = 0;
    double s = 0;
    double ss = 0;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = start; i < end; i++) {
      int w = weight[i];
      float v = y[i];
      n += w;
      s += (double) w * v;
      ss += (double) w * v * v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    nodeWeight = n;
    nodeSum = s;
    nodeImpurity = Math.max(0, ss - s * s / n);
    nodePure = min == max;
    return n;
  }

  /** Never: with real values, rounding makes "zero variance on both sides" unreliable to detect. */
  @Override
  boolean isPerfect(double score) {
    return false;
  }

  @Override
  int writeLeaf() {
    leaf[0] = (float) (nodeSum / nodeWeight);
    return appendValues(leaf);
  }

  @Override
  void clearHistogram(int lo, int hi) {
    Arrays.fill(binSum, lo, hi + 1, 0);
    Arrays.fill(binWeight, lo, hi + 1, 0);
  }

  @Override
  void fillHistogram(int start, int end) {
    byte[] bins = nodeBins;
    int m = end - start;
    for (int i = 0; i < m; i++) {
      int b = bins[i] & 0xFF;
      int w = weight[start + i];
      binSum[b] += (double) w * y[start + i];
      binWeight[b] += w;
    }
  }

  @Override
  void scanHistogram(int f, int lo, int hi) {
    long n = nodeWeight;
    int minLeaf = params.minSamplesLeaf();
    long nL = 0;
    double sL = 0;
    int prev = -1;
    for (int b = lo; b <= hi; b++) {
      int wb = binWeight[b];
      if (wb == 0) {
        continue;
      }
      if (prev >= 0) {
        if (n - nL < minLeaf) {
          return;
        }
        if (nL >= minLeaf) {
          offer(f, prev, b, sL, nL);
        }
      }
      sL += binSum[b];
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
    long n = nodeWeight;
    int minLeaf = params.minSamplesLeaf();
    long nL = 0;
    double sL = 0;
    for (int t = 0; t < m; t++) {
      int o = order[t];
      int b = bins[o] & 0xFF;
      if (b != prev) {
        if (n - nL < minLeaf) {
          return;
        }
        if (nL >= minLeaf) {
          offer(f, prev, b, sL, nL);
        }
        prev = b;
      }
      int i = start + o;
      sL += (double) weight[i] * y[i];
      nL += weight[i];
    }
  }

  private void offer(int f, int lo, int hi, double sL, long nL) {
    double sR = nodeSum - sL;
    double score = sL * sL / nL + sR * sR / (nodeWeight - nL);
    if (score > bestScore) {
      bestScore = score;
      bestFeature = f;
      bestBin = gapMiddle(lo, hi);
    }
  }
}
