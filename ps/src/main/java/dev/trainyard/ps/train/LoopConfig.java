package dev.trainyard.ps.train;

/**
 * Settings of the data-parallel loop: worker count, epochs, rows per step, seed, and early stopping
 * (stop once the validation loss has not improved by more than {@code tol} for {@code patience}
 * epochs; the best parameters are kept).
 */
public record LoopConfig(int workers, int epochs, int batchSize, long seed, boolean earlyStopping, int patience, double tol) {
  public LoopConfig {
    if (workers < 1 || epochs < 1 || batchSize < 1 || patience < 1) {
      throw new IllegalArgumentException("workers, epochs, batchSize and patience must be >= 1");
    }
  }
}
