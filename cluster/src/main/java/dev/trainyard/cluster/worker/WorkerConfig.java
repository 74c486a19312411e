package dev.trainyard.cluster.worker;

import dev.trainyard.cluster.queue.WorkerId;
import dev.trainyard.common.InvalidInputException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a worker runs: its id, task slots, threads per task, the lease it asks for (a task whose
 * lease is not extended within it is redelivered: this is the heartbeat timeout), how often it
 * heartbeats its leases, how long it waits between empty polls, and how long a graceful shutdown
 * waits for running tasks. Immutable.
 */
public record WorkerConfig(WorkerId id, int slots, int threadsPerTask, Duration lease, Duration heartbeat,
    Duration poll, Duration drain) {
  public WorkerConfig {
    Objects.requireNonNull(id, "id");
    if (slots < 1 || slots > 256) {
      throw new InvalidInputException("slots must be between 1 and 256, was " + slots);
    }
    if (threadsPerTask < 1 || threadsPerTask > 1024) {
      throw new InvalidInputException("threads per task must be between 1 and 1024, was " + threadsPerTask);
    }
    if (heartbeat.isNegative() || heartbeat.isZero() || heartbeat.compareTo(lease) >= 0) {
      throw new InvalidInputException("the heartbeat interval (" + heartbeat + ") must be positive and shorter than"
          + " the heartbeat timeout (" + lease + ")");
    }
    Objects.requireNonNull(poll, "poll");
    Objects.requireNonNull(drain, "drain");
  }

  /** Defaults: 10 s timeout, 2 s heartbeat, 200 ms poll, 60 s drain. */
  public static WorkerConfig of(WorkerId id, int slots, int threadsPerTask) {
    return new WorkerConfig(id, slots, threadsPerTask, Duration.ofSeconds(10), Duration.ofSeconds(2),
        Duration.ofMillis(200), Duration.ofSeconds(60));
  }

  public WorkerConfig withTimeouts(Duration newLease, Duration newHeartbeat) {
    return new WorkerConfig(id, slots, threadsPerTask, newLease, newHeartbeat, poll, drain);
  }
}
