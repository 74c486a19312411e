package dev.trainyard.ps.train;

import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * How a job trains on the parameter server: how many workers, where its vectors live (a
 * {@link VectorFactory} over running or in-process shards) and the pool that runs the workers
 * (able to run all of them at once).
 */
public record PsSettings(int workers, VectorFactory vectors, ExecutorService workerPool, String description) {
  public PsSettings {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, was " + workers);
    }
    Objects.requireNonNull(vectors, "vectors");
    Objects.requireNonNull(workerPool, "workerPool");
    Objects.requireNonNull(description, "description");
  }
}
