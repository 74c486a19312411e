package dev.trainyard.ml.tree;

import dev.trainyard.common.InvalidInputException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Bins one column for {@link BinnedFeatures}: integer columns with a small range through
 * {@link IntegerBins}; otherwise exact midpoints when there are at most {@code maxBins} distinct
 * values (found with a small hash set), else equal-frequency edges from a sorted sample. Values
 * map to bins by binary search over the edges.
 */
final class Binner {
  /** Columns longer than this are binned from a random sample of this many values. */
  static final int QUANTILE_SAMPLE = 100_000;

  private Binner() {}

  /** Writes the bin of every value of column {@code feature} to {@code out}; returns the edges. */
  static float[] bin(float[] col, int maxBins, int feature, byte[] out) {
    float[] edges = IntegerBins.tryExact(col, maxBins, out);
    if (edges == null) {
      edges = edges(col, maxBins, feature);
      assign(col, edges, feature, out);
    }
    return edges;
  }

  /** Edges for one column: exact midpoints when it has few distinct values, else quantiles. */
  static float[] edges(float[] col, int maxBins, int feature) {
    float[] distinct = distinctUpTo(col, maxBins, feature);
    if (distinct != null) {
      Arrays.sort(distinct);
      float[] out = new float[distinct.length - 1];
      for (int i = 0; i < out.length; i++) {
        out[i] = midpoint(distinct[i], distinct[i + 1]);
      }
      return out;
    }
    return quantileEdges(sortedSample(col, feature), maxBins);
  }

  /**
   * A float {@code t} with {@code a <= t < b} for {@code a < b}: the midpoint, unless rounding
   * pushed it onto {@code b} (adjacent floats), in which case {@code a} itself.
   */
  static float midpoint(float a, float b) {
    float t = (float) (((double) a + (double) b) * 0.5);
    return t < b ? t : a;
  }

  /**
   * The distinct values of {@code col}, or null as soon as there are more than {@code max}.
   * An open-addressing set of float bits (-0 folded into +0) sized for {@code max + 1} entries.
   */
  private static float[] distinctUpTo(float[] col, int max, int feature) {
    int cap = Integer.highestOneBit(4 * (max + 1));
    int shift = 32 - Integer.numberOfTrailingZeros(cap);
    int empty = 0x7fc00001; // a non-canonical NaN: floatToIntBits never returns it
    int[] table = new int[cap];
    Arrays.fill(table, empty);
    float[] out = new float[max + 1];
    int count = 0;
    int last = empty;
    for (int i = 0; i < col.length; i++) {
      float v = col[i];
      if (v != v) {
        throw nan(feature, i);
      }
      int bits = Float.floatToIntBits(v == 0f ? 0f : v);
      if (bits == last) {
        continue;
      }
      last = bits;
      int h = (bits * 0x9E3779B9) >>> shift;
      while (table[h] != empty && table[h] != bits) {
        h = (h + 1) & (cap - 1);
      }
      if (table[h] == empty) {
        if (count == max) {
          return null;
        }
        table[h] = bits;
        out[count++] = v == 0f ? 0f : v;
      }
    }
    return Arrays.copyOf(out, count);
  }

  private static float[] sortedSample(float[] col, int feature) {
    float[] s;
    if (col.length <= QUANTILE_SAMPLE) {
      s = col.clone();
    } else {
      // A fixed seed per feature keeps the binning, hence the model, reproducible.
      SplittableRandom rng = new SplittableRandom(0x5EED_B1A5L + feature);
      s = new float[QUANTILE_SAMPLE];
      for (int i = 0; i < s.length; i++) {
        s[i] = col[rng.nextInt(col.length)];
      }
    }
    Arrays.sort(s);
    return s;
  }

  /**
   * Greedy equal-frequency cuts on a sorted sample: each bin takes whole runs of equal values
   * until it holds its share (remaining values / remaining bins), so ties never straddle an edge.
   */
  static float[] quantileEdges(float[] sorted, int maxBins) {
    float[] out = new float[maxBins - 1];
    int count = 0;
    int m = sorted.length;
    int i = 0;
    int binsLeft = maxBins;
    while (i < m && binsLeft > 1) {
      long share = Math.max(1, (m - i + binsLeft - 1) / binsLeft);
      int j = i;
      while (j < m && j - i < share) {
        float v = sorted[j];
        while (j < m && sorted[j] == v) {
          j++;
        }
      }
      if (j >= m) {
        break;
      }
      out[count++] = midpoint(sorted[j - 1], sorted[j]);
      binsLeft--;
      i = j;
    }
    return Arrays.copyOf(out, count);
  }

  /** Bin of each value: the number of edges strictly below it (binary search). */
  private static void assign(float[] col, float[] edges, int feature, byte[] out) {
    if (edges.length == 0) {
      return;
    }
    float lastValue = Float.NaN;
    int lastBin = 0;
    for (int i = 0; i < col.length; i++) {
      float v = col[i];
      if (v != v) {
        throw nan(feature, i);
      }
      if (v != lastValue) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (edges[mid] < v) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        lastValue = v;
        lastBin = lo;
      }
      out[i] = (byte) lastBin;
    }
  }

  private static InvalidInputException nan(int feature, int row) {
    return new InvalidInputException(
        "features must not be NaN, found one in feature " + feature + " at row " + row);
  }
}
