package dev.trainyard.ps.train;

import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.model.ProgressListener.Progress;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.TableSpec;
import java.util.Arrays;
import java.util.Map;

/**
 * The training RMSE of a distributed ALS run (one worker per process), gathered through the shards:
 * a dense table {@code <items job>/sse} of {@code max(iterations, shards)} rows of one float per
 * item block, in the item vector's BSP job, zeros, plain SGD with rate 1 (pushing {@code -x} into
 * a zero entry leaves {@code x}). A worker posts its item blocks' squared residuals of iteration t
 * into row {@code t - 1} before it assigns its items, which advances its item clock to
 * {@code t + 1}; after that it pulls the row, which BSP serves once every worker's item clock is
 * there, i.e. once every block is in. That is the barrier the next item pull waits at anyway, so it
 * costs no extra wait. Blocks are summed in block order (float sums per block, as posted), so every
 * worker reports the same value; it matches the in-process {@link IterationLosses} up to the float
 * rounding of each block's sum. A non-finite block sum is posted as -1 and reported as NaN (the
 * server rejects non-finite values). Confined to its worker's thread.
 */
final class AlsLossBoard implements AlsWorker.Losses {
  private static final String NAME = "sse";
  private final PsClient client;
  private final RetryPolicy retry;
  private final String table;
  private final int worker;
  private final int iterations;
  private final long ratings;
  private final ProgressListener progress;
  private final float[] row;

  private AlsLossBoard(PsClient client, RetryPolicy retry, String table, int worker, int iterations, int blocks,
      long ratings, ProgressListener progress) {
    this.client = client;
    this.retry = retry;
    this.table = table;
    this.worker = worker;
    this.iterations = iterations;
    this.ratings = ratings;
    this.progress = progress;
    this.row = new float[blocks];
  }

  /**
   * The board of the BSP job {@code itemsJob} (the item vector's, in which {@code worker} is
   * registered), created unless a peer did; {@code blocks} item blocks, {@code ratings} training
   * ratings.
   */
  static AlsLossBoard join(PsClient client, RetryPolicy retry, String itemsJob, int worker, int iterations,
      int blocks, long ratings, ProgressListener progress) {
    String table = itemsJob + "/" + NAME;
    long rows = Math.max(iterations, client.targets().size());
    TableSpec spec = TableSpec.dense(table, itemsJob, rows, blocks).withOptimizer("sgd", Map.of("learning_rate", 1.0));
    retry.run(() -> client.createTableIfAbsent(spec));
    return new AlsLossBoard(client, retry, table, worker, iterations, blocks, ratings, progress);
  }

  @Override
  public void record(int iteration, int[] blocks, double[] blockSse) {
    Arrays.fill(row, 0f);
    for (int j = 0; j < blocks.length; j++) {
      float f = (float) blockSse[j];
      row[blocks[j]] = -(f >= 0 && Float.isFinite(f) ? f : -1f);
    }
    retry.run(() -> client.push(table, worker, iteration - 1, iteration, row));
  }

  @Override
  public void assigned(int iteration) {
    retry.run(() -> client.pull(table, worker, iteration - 1, iteration, row));
    double total = 0;
    for (float v : row) {
      total += v < 0 ? Double.NaN : v;
    }
    progress.onProgress(new Progress("iterations", iteration, iterations, Math.sqrt(total / ratings), Double.NaN));
  }
}
