package dev.trainyard.cluster.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a job's persisted event log: {@code seq} counts from 1 per job; {@code type} is e.g.
 * {@code status}, {@code progress}, {@code metric}, {@code task}, {@code log}; {@code json} is the
 * event body as a JSON object. Immutable.
 */
public record EventRecord(String jobId, long seq, Instant at, String type, String json) {
  public EventRecord {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(json, "json");
  }
}
