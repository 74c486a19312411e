package dev.trainyard.ml.tree;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.FeatureMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A feature matrix reduced to at most {@code maxBins} (2..256) ordered bins per feature: one
 * unsigned byte per cell, column-major, plus per feature the float edges between bins so a tree
 * trained on bins predicts on raw values ("x <= edge goes left"). When a feature has at most
 * {@code maxBins} distinct values the binning is exact: one bin per value, edges at midpoints.
 * Otherwise edges are quantiles of a sample of the column.
 *
 * <p>Also keeps a row-major copy of the bins (when it fits in one array): small tree nodes read
 * many features of few rows, and a row's bins then share cache lines. Immutable and thread-safe.
 */
public final class BinnedFeatures {
  /** Largest bin count: a bin index must fit in one unsigned byte. */
  public static final int MAX_BINS = 256;

  private static final int MAX_ROW_MAJOR = Integer.MAX_VALUE - 16;

  private final byte[][] bins;
  private final float[][] edges;
  private final byte[] rowMajor;
  private final int rows;

  private BinnedFeatures(byte[][] bins, float[][] edges, byte[] rowMajor, int rows) {
    this.bins = bins;
    this.edges = edges;
    this.rowMajor = rowMajor;
    this.rows = rows;
  }

  /** Bins every feature of {@code x}; rejects NaN, which the binning cannot order. */
  public static BinnedFeatures of(FeatureMatrix x, int maxBins) {
    return of(x, maxBins, null, 1);
  }

  /**
   * Like {@link #of(FeatureMatrix, int)}, working on blocks of features (then of rows) as up to
   * {@code threads} tasks on {@code executor} (or on the calling thread if it is null). The result
   * does not depend on {@code threads}.
   */
  public static BinnedFeatures of(FeatureMatrix x, int maxBins, ExecutorService executor, int threads) {
    if (maxBins < 2 || maxBins > MAX_BINS) {
      throw new InvalidInputException("max_bins must be between 2 and " + MAX_BINS + ", was " + maxBins);
    }
    int d = x.cols();
    int n = x.rows();
    byte[][] bins = new byte[d][];
    float[][] edges = new float[d][];
    inBlocks(d, executor, threads, (from, to) -> {
      for (int j = from; j < to; j++) {
        bins[j] = new byte[n];
        edges[j] = Binner.bin(x.column(j), maxBins, j, bins[j]);
      }
    });
    byte[] rowMajor = (long) n * d <= MAX_ROW_MAJOR ? new byte[n * d] : null;
    if (rowMajor != null) {
      inBlocks(n, executor, threads, (from, to) -> transpose(bins, rowMajor, from, to));
    }
    return new BinnedFeatures(bins, edges, rowMajor, n);
  }

  /** Cache-blocked transpose of rows {@code [from, to)}: 64 rows at a time, all features. */
  private static void transpose(byte[][] bins, byte[] rowMajor, int from, int to) {
    int d = bins.length;
    for (int r0 = from; r0 < to; r0 += 64) {
      int r1 = Math.min(to, r0 + 64);
      for (int j = 0; j < d; j++) {
        byte[] col = bins[j];
        for (int r = r0; r < r1; r++) {
          rowMajor[r * d + j] = col[r];
        }
      }
    }
  }

  private interface Block {
    void run(int from, int to);
  }

  /** Splits {@code [0, count)} into up to {@code threads} blocks run on {@code executor}. */
  private static void inBlocks(int count, ExecutorService executor, int threads, Block block) {
    int tasks = executor == null ? 1 : Math.max(1, Math.min(threads, count));
    if (tasks == 1) {
      block.run(0, count);
      return;
    }
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      int from = (int) ((long) count * t / tasks);
      int to = (int) ((long) count * (t + 1) / tasks);
      futures.add(executor.submit(() -> block.run(from, to)));
    }
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      futures.forEach(g -> g.cancel(true));
      Thread.currentThread().interrupt();
      throw new CancellationException("binning was interrupted");
    } catch (ExecutionException e) {
      futures.forEach(g -> g.cancel(true));
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    }
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return bins.length;
  }

  /** Number of bins of feature {@code j} (1 for a constant feature). */
  public int numBins(int j) {
    return edges[j].length + 1;
  }

  /** The bin of every row for feature {@code j}, read with {@code & 0xFF}; do not modify. */
  public byte[] bins(int j) {
    return bins[j];
  }

  /**
   * All bins row by row ({@code [row * cols() + j]}), or null when rows x cols exceeds one
   * array; do not modify.
   */
  public byte[] rowMajor() {
    return rowMajor;
  }

  public int bin(int row, int j) {
    return bins[j][row] & 0xFF;
  }

  /**
   * The raw-value edge above bin {@code b} of feature {@code j}: every training value in bins
   * {@code 0..b} is {@code <=} it and every value in higher bins is {@code >} it.
   */
  public float edge(int j, int b) {
    return edges[j][b];
  }
}
