package dev.trainyard.cluster.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One job as stored. {@code specJson} is the validated job spec as JSON; {@code resultJson} the
 * final result object (metrics, confusion matrix, ...) once the job succeeded; {@code error} says
 * why a job failed; {@code progress} is 0..1. {@code priority} is the task-plane level name
 * ({@code low}, {@code normal}, {@code high}). Immutable; change with the withers.
 */
public record JobRecord(
    String id,
    String owner,
    String algorithm,
    String datasetId,
    String priority,
    String specJson,
    JobStatus status,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Optional<String> error,
    Optional<String> resultJson,
    Optional<String> modelId,
    double progress) {

  public JobRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(datasetId, "datasetId");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(specJson, "specJson");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(resultJson, "resultJson");
    Objects.requireNonNull(modelId, "modelId");
  }

  /** A new queued job. */
  public static JobRecord queued(String id, String owner, String algorithm, String datasetId, String priority,
      String specJson, Instant now) {
    return new JobRecord(id, owner, algorithm, datasetId, priority, specJson, JobStatus.QUEUED, now,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0);
  }

  public JobRecord running(Instant at) {
    return new JobRecord(id, owner, algorithm, datasetId, priority, specJson, JobStatus.RUNNING, createdAt,
        Optional.of(startedAt.orElse(at)), finishedAt, error, resultJson, modelId, progress);
  }

  public JobRecord succeeded(Instant at, String result, Optional<String> model) {
    return new JobRecord(id, owner, algorithm, datasetId, priority, specJson, JobStatus.SUCCEEDED, createdAt,
        Optional.of(startedAt.orElse(at)), Optional.of(at), Optional.empty(), Optional.of(result), model, 1);
  }

  /** Failed or cancelled, with the reason. */
  public JobRecord ended(JobStatus end, Instant at, String reason) {
    if (!end.isFinal() || end == JobStatus.SUCCEEDED) {
      throw new IllegalArgumentException("ended needs FAILED or CANCELLED, was " + end);
    }
    return new JobRecord(id, owner, algorithm, datasetId, priority, specJson, end, createdAt, startedAt,
        Optional.of(at), Optional.of(reason), resultJson, modelId, progress);
  }

  public JobRecord withProgress(double p) {
    return new JobRecord(id, owner, algorithm, datasetId, priority, specJson, status, createdAt, startedAt,
        finishedAt, error, resultJson, modelId, p);
  }
}
