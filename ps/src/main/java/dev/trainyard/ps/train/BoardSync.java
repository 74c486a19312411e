package dev.trainyard.ps.train;

import dev.trainyard.ml.model.ProgressListener;

/**
 * Epoch ends of one worker process of a distributed run, agreed with its peers through the
 * {@link EpochBoard} only. At the first meeting every worker learns the epoch's total training
 * loss; then each pulls a snapshot of the parameters (the same for all: nobody pushes between the
 * meetings) when it may need it, and worker 0 measures the validation loss on it, applies the
 * early-stopping rule and posts its verdict; at the second meeting every worker reads the verdict,
 * keeps the snapshot if it improved and stops if told to. So every worker makes the same decisions
 * and holds the same best (or final) parameters under any consistency model, and all stop at the
 * same epoch, so none waits for a peer that already left. Every worker reports the same progress.
 * Confined to its worker's thread.
 */
final class BoardSync implements EpochSync {
  private final LoopConfig cfg;
  private final BatchObjective objective;
  private final SharedVector vector;
  private final EpochBoard board;
  private final ProgressListener progress;
  private final int[] validationRows;
  private final int trainRowCount;
  /** Worker 0's rule; the others never feed it. */
  private final EarlyStopping early;
  private float[] best;
  private float[] last;

  BoardSync(LoopConfig cfg, BatchObjective objective, SharedVector vector, EpochBoard board, ProgressListener progress,
      int[] validationRows, int trainRowCount) {
    this.cfg = cfg;
    this.objective = objective;
    this.vector = vector;
    this.board = board;
    this.progress = progress;
    this.validationRows = validationRows;
    this.trainRowCount = trainRowCount;
    this.early = new EarlyStopping(cfg);
  }

  @Override
  public boolean endEpoch(int worker, int epoch, double shardLoss, float[] params, BatchObjective.Scratch scratch) {
    double trainLoss = board.arrive(epoch, shardLoss) / Math.max(1, trainRowCount);
    boolean validating = cfg.earlyStopping() && validationRows.length > 0;
    boolean diverged = !Double.isFinite(trainLoss);
    // Training can end here only when validating, diverged or at the last epoch: then the snapshot is needed.
    boolean snapshot = validating || diverged || epoch == cfg.epochs();
    if (snapshot) {
      vector.pull(worker, params);
    }
    if (worker == 0) {
      board.decide(epoch, decide(validating, diverged, params, scratch));
    }
    EpochBoard.Decision d = board.depart(epoch);
    if (d.improved()) {
      best = params.clone();
    }
    if (d.stop() || epoch == cfg.epochs()) {
      last = params.clone();
    }
    progress.onProgress(new ProgressListener.Progress("epochs", epoch, cfg.epochs(), trainLoss, d.validationLoss()));
    return d.stop();
  }

  /** Worker 0 only. */
  private EpochBoard.Decision decide(boolean validating, boolean diverged, float[] params,
      BatchObjective.Scratch scratch) {
    if (!validating) {
      return new EpochBoard.Decision(Double.NaN, false, diverged);
    }
    double valLoss = objective.meanLoss(params, validationRows, scratch);
    boolean improved = early.improves(valLoss);
    return new EpochBoard.Decision(valLoss, improved, diverged || early.exhausted());
  }

  /** The best parameters with early stopping, else the final ones; call once training ended. */
  float[] result() {
    return best != null ? best : last;
  }
}
