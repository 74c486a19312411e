package dev.trainyard.ml.optim;

/**
 * Watches a validation loss epoch by epoch: an epoch improves when its loss is below the best so
 * far by more than {@code tol}; training should stop after {@code patience} epochs in a row
 * without improvement. Mutable; confined to the training thread.
 */
public final class EarlyStopping {
  private final int patience;
  private final double tol;
  private double best = Double.POSITIVE_INFINITY;
  private int stale;

  /** {@code patience >= 1} epochs without an improvement greater than {@code tol >= 0}. */
  public EarlyStopping(int patience, double tol) {
    if (patience < 1 || !(tol >= 0)) {
      throw new IllegalArgumentException("need patience >= 1 and tol >= 0, was " + patience + ", " + tol);
    }
    this.patience = patience;
    this.tol = tol;
  }

  /** Records one epoch's validation loss; returns true when it is a new best (keep these weights). */
  public boolean improved(double validationLoss) {
    if (validationLoss < best - tol) {
      best = validationLoss;
      stale = 0;
      return true;
    }
    stale++;
    return false;
  }

  /** True once {@code patience} epochs in a row brought no improvement. */
  public boolean shouldStop() {
    return stale >= patience;
  }

  /** The best validation loss seen, or +infinity before the first epoch. */
  public double best() {
    return best;
  }
}
