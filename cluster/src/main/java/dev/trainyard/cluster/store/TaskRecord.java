package dev.trainyard.cluster.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One task of a job as the coordinator last saw it: its kind ({@code trees}, {@code fit},
 * {@code predict}, ...), state, how many deliveries it has had, the worker of the latest attempt,
 * and the error of a failed one. Keyed by (jobId, taskId). Immutable.
 */
public record TaskRecord(
    String jobId,
    String taskId,
    String kind,
    TaskState state,
    int attempts,
    Optional<String> worker,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Optional<String> error) {
  public TaskRecord {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(error, "error");
  }

  public static TaskRecord queued(String jobId, String taskId, String kind) {
    return new TaskRecord(jobId, taskId, kind, TaskState.QUEUED, 0, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  public TaskRecord started(String byWorker, int attempt, Instant at) {
    return new TaskRecord(jobId, taskId, kind, TaskState.RUNNING, Math.max(attempts, attempt), Optional.of(byWorker),
        Optional.of(at), Optional.empty(), Optional.empty());
  }

  public TaskRecord finished(TaskState end, Instant at, Optional<String> why) {
    return new TaskRecord(jobId, taskId, kind, end, attempts, worker, startedAt, Optional.of(at), why);
  }
}
