package dev.trainyard.cluster.queue;

/** What {@link TaskQueue#enqueue} did: enqueue is idempotent by task id. */
public enum EnqueueOutcome {
  ENQUEUED,
  /** A task with this id is already known (in any state); nothing changed. */
  ALREADY_KNOWN
}
