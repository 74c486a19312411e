package dev.trainyard.ps.train;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.model.ProgressListener.Progress;

/**
 * Gathers the squared residuals of every item block of each ALS iteration from the workers that
 * solved them and, once an iteration's last block is in, reports its training RMSE
 * {@code sqrt(sse / ratings)}. Blocks are summed in block order, so the reported value does not
 * depend on which worker solved what or when. Under BSP iteration {@code t + 1} cannot complete
 * before iteration {@code t} was reported (its item pushes wait for every worker's clock), so
 * reports arrive in order. Thread-safe.
 */
final class IterationLosses implements AlsWorker.Losses {
  private final Object lock = new Object();

  @GuardedBy("lock")
  private final double[][] sse;

  @GuardedBy("lock")
  private final int[] received;

  private final int iterations;
  private final long ratings;
  private final ProgressListener progress;

  IterationLosses(int iterations, int blocks, long ratings, ProgressListener progress) {
    this.iterations = iterations;
    this.sse = new double[iterations][blocks];
    this.received = new int[iterations];
    this.ratings = ratings;
    this.progress = progress;
  }

  /** Records one worker's blocks of {@code iteration} (1-based): {@code blockSse[j]} is block {@code blocks[j]}'s. */
  @Override
  public void record(int iteration, int[] blocks, double[] blockSse) {
    double total = 0;
    synchronized (lock) {
      double[] row = sse[iteration - 1];
      for (int j = 0; j < blocks.length; j++) {
        row[blocks[j]] = blockSse[j];
      }
      received[iteration - 1] += blocks.length;
      if (received[iteration - 1] < row.length) {
        return;
      }
      for (double v : row) {
        total += v;
      }
    }
    progress.onProgress(new Progress("iterations", iteration, iterations, Math.sqrt(total / ratings), Double.NaN));
  }
}
