package dev.trainyard.cluster.queue;

import java.util.Objects;

/** A task that used up its attempts, with the last error it reported. Immutable. */
public record DeadLetter(TaskId task, JobId job, String payload, int attempts, String lastError) {
  public DeadLetter {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(lastError, "lastError");
  }
}
