package dev.trainyard.ps.train;

/**
 * The early-stopping rule of the data-parallel loop, fed one validation loss per epoch: an epoch
 * improves when its loss is below the best so far by more than {@code tol}; training stops once
 * {@code patience} epochs in a row did not improve (a NaN loss never improves). Keeping the best
 * parameters is the caller's part. Not thread-safe: one worker decides.
 */
final class EarlyStopping {
  private final double tol;
  private final int patience;
  private double bestLoss = Double.POSITIVE_INFINITY;
  private int epochsWithoutImprovement;

  EarlyStopping(LoopConfig cfg) {
    this.tol = cfg.tol();
    this.patience = cfg.patience();
  }

  /** Records an epoch's validation loss; true if it improved on the best so far. */
  boolean improves(double validationLoss) {
    if (validationLoss < bestLoss - tol) {
      bestLoss = validationLoss;
      epochsWithoutImprovement = 0;
      return true;
    }
    epochsWithoutImprovement++;
    return false;
  }

  /** True once {@code patience} epochs in a row did not improve. */
  boolean exhausted() {
    return epochsWithoutImprovement >= patience;
  }
}
