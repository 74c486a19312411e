package dev.trainyard.ps.train;

import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.TableSpec;
import dev.trainyard.rpc.v1.Consistency;
import java.util.Arrays;
import java.util.Map;

/**
 * The epoch-end meetings of the W worker processes of one distributed run, held through the
 * parameter-server shards alone. A tiny dense table {@code prefix/epochs} ({@code max(epochs,
 * shards)} rows of {@code W + 2} floats, zeros, plain SGD with rate 1, so pushing {@code -x} into a
 * zero entry leaves {@code x}) belongs to a BSP job {@code prefix/epochs} of its own whose clocks
 * are the meetings. Row {@code e - 1} holds epoch e's training loss of each worker (column w), then
 * worker 0's validation loss and decision. Each epoch has two meetings:
 * <ol>
 *   <li>{@link #arrive}: post the loss, set the board clock to {@code 2e - 1}, pull the row as this
 *       worker. BSP lets the pull read once every worker's clock is there, i.e. once every worker
 *       has pushed all its gradients of the epoch (a worker clocks only after its pushes).
 *   <li>{@link #depart}: set the clock to {@code 2e} and pull again: once every worker has taken its
 *       snapshot of the parameters and worker 0 has posted its {@link #decide decision}.
 * </ol>
 * Between the two meetings nobody pushes a gradient, so every worker's snapshot taken there is the
 * same. A negative entry stands for a non-finite loss (losses are never negative; the server
 * rejects non-finite values). Confined to its worker's thread.
 */
final class EpochBoard {
  /** Worker 0's verdict on an epoch: its validation loss (NaN if none), whether it improved, whether to stop. */
  record Decision(double validationLoss, boolean improved, boolean stop) {}

  private static final String NAME = "epochs";
  private final PsClient client;
  private final RetryPolicy retry;
  private final String jobId;
  private final int worker;
  private final int workers;
  private final float[] row;
  private long clock;

  private EpochBoard(PsClient client, RetryPolicy retry, String jobId, int worker, int workers, long clock) {
    this.client = client;
    this.retry = retry;
    this.jobId = jobId;
    this.worker = worker;
    this.workers = workers;
    this.row = new float[workers + 2];
    this.clock = clock;
  }

  /** Creates the board of the run {@code prefix} unless a peer did, and registers {@code worker} in its job. */
  static EpochBoard join(PsClient client, RetryPolicy retry, String prefix, int worker, int workers, int epochs) {
    String jobId = prefix + "/" + NAME;
    long rows = Math.max(epochs, client.targets().size());
    TableSpec spec = TableSpec.dense(jobId, jobId, rows, workers + 2)
        .withOptimizer("sgd", Map.of("learning_rate", 1.0));
    retry.run(() -> client.createTableIfAbsent(spec));
    long[] clock = new long[1];
    retry.run(() -> clock[0] = client.registerWorker(jobId, worker, workers, Consistency.BSP, 0));
    return new EpochBoard(client, retry, jobId, worker, workers, clock[0]);
  }

  /**
   * Posts this worker's summed training loss of {@code epoch} and waits until every worker has
   * (and so has pushed all its gradients of the epoch); returns the loss summed over workers, in
   * worker order, or NaN if any worker's was not finite.
   */
  double arrive(int epoch, double shardLoss) {
    Arrays.fill(row, 0f);
    row[worker] = -encode(shardLoss);
    push(epoch);
    meet(epoch, 2L * epoch - 1);
    double total = 0;
    for (int w = 0; w < workers; w++) {
      total += decode(row[w]);
    }
    return total;
  }

  /** Worker 0 only, between the meetings: posts its verdict on {@code epoch}. */
  void decide(int epoch, Decision d) {
    Arrays.fill(row, 0f);
    row[workers] = -encode(d.validationLoss());
    row[workers + 1] = -((d.improved() ? 1 : 0) + (d.stop() ? 2 : 0));
    push(epoch);
  }

  /** Waits until every worker has taken its snapshot of {@code epoch}; returns worker 0's verdict. */
  Decision depart(int epoch) {
    meet(epoch, 2L * epoch);
    int flags = Math.round(row[workers + 1]);
    return new Decision(decode(row[workers]), (flags & 1) != 0, (flags & 2) != 0);
  }

  /** Takes this worker out of the board's clocks, so it holds nobody back. */
  void leave() {
    retry.run(() -> client.removeWorker(jobId, worker));
  }

  private void push(int epoch) {
    retry.run(() -> client.push(jobId, worker, epoch - 1, epoch, row));
  }

  private void meet(int epoch, long at) {
    clock = Math.max(clock, at);
    retry.run(() -> client.clock(jobId, worker, clock));
    retry.run(() -> client.pull(jobId, worker, epoch - 1, epoch, row));
  }

  private static float encode(double loss) {
    float f = (float) loss;
    return f >= 0 && Float.isFinite(f) ? f : -1f;
  }

  private static double decode(float v) {
    return v < 0 ? Double.NaN : v;
  }
}
