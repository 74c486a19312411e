package dev.trainyard.ps.train;

/**
 * The loss of a model over rows of a worker's data, as a pure function of the parameter vector.
 * Implementations hold the (read-only) data; per-thread scratch lives in the {@link Scratch} each
 * worker creates once. Thread-safe.
 */
public interface BatchObjective {
  /** Per-thread scratch space; never changes a result. */
  interface Scratch {}

  Scratch newScratch();

  /**
   * Adds into {@code gradOut} the gradient of the step objective on rows {@code rows[from..to)}:
   * the mean data loss plus regularisation; returns the summed data loss (without regularisation).
   * {@code stepSeed} is unique to the (worker, epoch, step) for objectives that draw randomness
   * (dropout).
   */
  double stepGradient(float[] params, int[] rows, int from, int to, float[] gradOut, long stepSeed, Scratch scratch);

  /** The mean data loss of {@code params} on {@code rows}. */
  double meanLoss(float[] params, int[] rows, Scratch scratch);
}
