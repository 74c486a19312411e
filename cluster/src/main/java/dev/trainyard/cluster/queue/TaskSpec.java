package dev.trainyard.cluster.queue;

import dev.trainyard.common.Check;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A task to enqueue: immutable. The payload is opaque text (usually JSON); {@code notBefore}, when
 * present, keeps the task in the broker until that instant. Use {@link #of} and the withers.
 */
public record TaskSpec(
    TaskId id, JobId job, Priority priority, String payload, int maxAttempts, Optional<Instant> notBefore) {
  public static final int MAX_ATTEMPTS_LIMIT = 100;

  public TaskSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(notBefore, "notBefore");
    Check.between("maxAttempts", maxAttempts, 1, MAX_ATTEMPTS_LIMIT);
  }

  /** A NORMAL-priority task with 3 attempts, ready at once. */
  public static TaskSpec of(JobId job, TaskId id, String payload) {
    return new TaskSpec(id, job, Priority.NORMAL, payload, 3, Optional.empty());
  }

  public TaskSpec withPriority(Priority p) {
    return new TaskSpec(id, job, p, payload, maxAttempts, notBefore);
  }

  public TaskSpec withMaxAttempts(int attempts) {
    return new TaskSpec(id, job, priority, payload, attempts, notBefore);
  }

  public TaskSpec withNotBefore(Instant at) {
    return new TaskSpec(id, job, priority, payload, maxAttempts, Optional.of(at));
  }
}
