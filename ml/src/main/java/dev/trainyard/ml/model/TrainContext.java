package dev.trainyard.ml.model;

import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * What a trainer is handed besides data: the seed, the executor it may run parallel work on (it
 * starts no threads of its own), how many tasks to run at once, and where to report progress.
 */
public record TrainContext(long seed, ExecutorService executor, int threads, ProgressListener progress) {
  public TrainContext {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(progress, "progress");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
  }

  public TrainContext withSeed(long newSeed) {
    return new TrainContext(newSeed, executor, threads, progress);
  }

  public TrainContext withProgress(ProgressListener listener) {
    return new TrainContext(seed, executor, threads, listener);
  }
}
