package dev.trainyard.cluster.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * A task handed to one worker until {@code duration} passes without a heartbeat. {@code attempt}
 * counts deliveries from 1; {@code receipt} is an opaque broker handle (e.g. a stream entry id) that
 * lets the broker tell this delivery from a later redelivery of the same task. Immutable.
 */
public record Lease(
    TaskId task,
    JobId job,
    Priority priority,
    String payload,
    int attempt,
    int maxAttempts,
    WorkerId worker,
    Duration duration,
    String receipt) {
  public Lease {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(receipt, "receipt");
  }
}
