package dev.trainyard.ml.model;

/**
 * Receives training progress. Called from training threads, possibly concurrently; implementations
 * must be thread-safe and cheap.
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = p -> {};

  void onProgress(Progress progress);

  /**
   * One step: {@code done} of {@code total} {@code unit}s (e.g. 37 of 100 "trees", 3 of 20
   * "epochs"); {@code loss} is the training loss of the step or {@code NaN}; {@code validationLoss}
   * likewise.
   */
  record Progress(String unit, int done, int total, double loss, double validationLoss) {
    public static Progress of(String unit, int done, int total) {
      return new Progress(unit, done, total, Double.NaN, Double.NaN);
    }
  }
}
