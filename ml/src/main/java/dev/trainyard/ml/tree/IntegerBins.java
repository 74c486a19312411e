package dev.trainyard.ml.tree;

/**
 * The fast path of {@link BinnedFeatures} for the common case of integer-valued columns with a
 * small range (pixels, counts, codes): distinct values are found and binned through a direct
 * table indexed by {@code value - min} instead of hashing and binary search.
 */
final class IntegerBins {
  /** Widest value range handled by a table; beyond it the general path is as good. */
  static final int MAX_RANGE = 1 << 16;

  private IntegerBins() {}

  /**
   * If every value of {@code col} is an integer within a range of {@link #MAX_RANGE} and there
   * are at most {@code maxBins} distinct values, writes each row's bin to {@code out} and returns
   * the edges (midpoints between consecutive distinct values); otherwise returns null and leaves
   * {@code out} to the caller.
   */
  static float[] tryExact(float[] col, int maxBins, byte[] out) {
    if (col.length == 0) {
      return new float[0];
    }
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (float v : col) {
      int iv = (int) v;
      if (iv != v || Math.abs(iv) > 1 << 24) {
        return null; // fractional, NaN, or too large for exact float integers
      }
      min = Math.min(min, iv);
      max = Math.max(max, iv);
    }
    if ((long) max - min >= MAX_RANGE) {
      return null;
    }
    boolean[] seen = new boolean[max - min + 1];
    for (float v : col) {
      seen[(int) v - min] = true;
    }
    int[] binOf = new int[seen.length];
    float[] edges = new float[maxBins - 1];
    int distinct = 0;
    int prev = 0;
    for (int i = 0; i < seen.length; i++) {
      if (seen[i]) {
        if (distinct == maxBins) {
          return null;
        }
        if (distinct > 0) {
          edges[distinct - 1] = Binner.midpoint(prev + min, i + min);
        }
        binOf[i] = distinct++;
        prev = i;
      }
    }
    for (int i = 0; i < col.length; i++) {
      out[i] = (byte) binOf[(int) col[i] - min];
    }
    return java.util.Arrays.copyOf(edges, distinct - 1);
  }
}
