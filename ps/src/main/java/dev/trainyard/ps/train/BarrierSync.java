package dev.trainyard.ps.train;

import dev.trainyard.ml.model.ProgressListener;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Epoch ends of W worker threads in one process: they meet at a barrier; worker 0 alone pulls the
 * parameters, measures the validation loss, keeps the best parameters, decides whether to stop and
 * reports progress while the others wait at a second barrier; then all read the decision.
 */
final class BarrierSync implements EpochSync {
  private final LoopConfig cfg;
  private final BatchObjective objective;
  private final SharedVector vector;
  private final ProgressListener progress;
  private final int[] validationRows;
  private final int trainRowCount;
  private final CyclicBarrier epochEnd;
  private final DoubleAdder epochLoss = new DoubleAdder();
  private final EarlyStopping early;
  /** Written by worker 0 between the two barriers, read by all after the second. */
  private volatile boolean stop;
  /** Written by worker 0 only; read by the run's caller once every worker is done. */
  private float[] best;

  BarrierSync(LoopConfig cfg, BatchObjective objective, SharedVector vector, ProgressListener progress,
      int[] validationRows, int trainRowCount) {
    this.cfg = cfg;
    this.objective = objective;
    this.vector = vector;
    this.progress = progress;
    this.validationRows = validationRows;
    this.trainRowCount = trainRowCount;
    this.epochEnd = new CyclicBarrier(cfg.workers());
    this.early = new EarlyStopping(cfg);
  }

  @Override
  public boolean endEpoch(int worker, int epoch, double shardLoss, float[] params, BatchObjective.Scratch scratch)
      throws InterruptedException {
    epochLoss.add(shardLoss);
    await();
    if (worker == 0) {
      decide(epoch, params, scratch);
    }
    await();
    return stop;
  }

  /** Releases workers parked at the barrier when another one failed. */
  void abort() {
    epochEnd.reset();
  }

  /** The best parameters seen, or null if none were kept (no early stopping). */
  float[] best() {
    return best;
  }

  private void await() throws InterruptedException {
    try {
      epochEnd.await();
    } catch (BrokenBarrierException e) {
      throw new IllegalStateException("another worker failed", e);
    }
  }

  /** Worker 0 only, while the others wait at the barrier. */
  private void decide(int epoch, float[] params, BatchObjective.Scratch scratch) {
    double trainLoss = epochLoss.sumThenReset() / Math.max(1, trainRowCount);
    double valLoss = Double.NaN;
    if (cfg.earlyStopping() && validationRows.length > 0) {
      vector.pull(0, params);
      valLoss = objective.meanLoss(params, validationRows, scratch);
      if (early.improves(valLoss)) {
        best = params.clone();
      }
      stop = early.exhausted();
    }
    if (!Double.isFinite(trainLoss)) {
      stop = true;
    }
    progress.onProgress(new ProgressListener.Progress("epochs", epoch, cfg.epochs(), trainLoss, valLoss));
  }
}
