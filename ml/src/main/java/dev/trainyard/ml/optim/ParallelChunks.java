package dev.trainyard.ml.optim;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;

/**
 * Sums a loss and gradient over a range of rows in fixed-size chunks: chunk c covers rows
 * {@code [from + c*chunkRows, ...)}, its gradient goes into its own buffer, and the buffers are added
 * in chunk order. The chunking never depends on the thread count and each chunk is computed the
 * same way whoever computes it, so the result is bit-identical with 1 or N threads; threads only
 * change who works. The calling thread takes chunks too, so a saturated executor slows a batch down
 * but cannot deadlock it. One instance serves one training run; not thread-safe.
 */
public final class ParallelChunks {
  /** Computes one chunk. */
  @FunctionalInterface
  public interface Chunk {
    /**
     * Summed loss of rows {@code [lo, hi)} of chunk {@code chunk}; adds their gradient into
     * {@code gradOut} (zero on entry) unless it is null. {@code participant} is in
     * {@code 0..threads-1} and unique among concurrent calls: index per-thread scratch with it.
     */
    double compute(int chunk, int lo, int hi, float[] gradOut, int participant);
  }

  /**
   * Below about this many multiply-adds per batch, handing chunks to other threads costs more than it
   * saves; trainers pass {@code parallel = work >= MIN_PARALLEL_WORK} to {@link #compute}.
   */
  public static final long MIN_PARALLEL_WORK = 1L << 18;

  private final int chunkRows;
  private final int size;
  private final ExecutorService executor;
  private final int threads;
  /** {@code buffers[c]} holds chunk c's gradient (chunk 0 goes straight into the output). */
  private float[][] buffers = new float[1][];
  private double[] losses = new double[1];

  /** Chunks of {@code chunkRows} rows and gradients of {@code gradientSize} floats, on up to {@code threads} threads. */
  public ParallelChunks(int chunkRows, int gradientSize, ExecutorService executor, int threads) {
    if (chunkRows < 1 || gradientSize < 0 || threads < 1) {
      throw new IllegalArgumentException("need chunkRows >= 1, gradientSize >= 0 and threads >= 1, was "
          + chunkRows + ", " + gradientSize + ", " + threads);
    }
    this.chunkRows = chunkRows;
    this.size = gradientSize;
    this.executor = executor;
    this.threads = threads;
  }

  /**
   * Summed loss of rows {@code [from, to)}; when {@code gradOut} is not null it is overwritten with
   * the summed gradient. {@code parallel} false keeps all chunks on the calling thread (for batches
   * too small to be worth a hand-off); the result is the same either way.
   */
  public double compute(int from, int to, float[] gradOut, boolean parallel, Chunk chunk) {
    int chunks = Math.max(1, (to - from + chunkRows - 1) / chunkRows);
    ensureCapacity(chunks, gradOut != null);
    if (gradOut != null) {
      Arrays.fill(gradOut, 0f);
    }
    int helpers = parallel ? Math.min(threads, chunks) - 1 : 0;
    try {
      ParallelTasks.run(executor, helpers, chunks, losses, (c, participant) -> {
        int lo = from + c * chunkRows;
        float[] g = null;
        if (gradOut != null) {
          g = c == 0 ? gradOut : buffers[c];
          Arrays.fill(g, 0f);
        }
        return chunk.compute(c, lo, Math.min(to, lo + chunkRows), g, participant);
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while computing a gradient", e);
    }
    double loss = losses[0];
    for (int c = 1; c < chunks; c++) {
      loss += losses[c];
      if (gradOut != null) {
        float[] b = buffers[c];
        for (int j = 0; j < size; j++) {
          gradOut[j] += b[j];
        }
      }
    }
    return loss;
  }

  private void ensureCapacity(int chunks, boolean withGradient) {
    if (losses.length < chunks) {
      losses = new double[chunks];
      buffers = Arrays.copyOf(buffers, chunks);
    }
    if (withGradient) {
      for (int c = 1; c < chunks; c++) {
        if (buffers[c] == null) {
          buffers[c] = new float[size];
        }
      }
    }
  }
}
