package dev.trainyard.cluster.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A saved model: id, owner, the job that trained it, its algorithm, the model file's name inside
 * the data directory's {@code models/} folder, and its metrics as a JSON object. Immutable.
 */
public record ModelRecord(String id, String owner, String jobId, String algorithm, String file, String metricsJson,
    Instant createdAt) {
  public ModelRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(metricsJson, "metricsJson");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
