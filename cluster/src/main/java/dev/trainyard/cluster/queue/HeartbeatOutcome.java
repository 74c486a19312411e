package dev.trainyard.cluster.queue;

/** What a worker learns at {@link TaskQueue#heartbeat}. */
public enum HeartbeatOutcome {
  /** The lease runs for another full lease duration from now. */
  EXTENDED,
  /** The task was cancelled: stop working on it; the queue has released it. */
  CANCELLED,
  /**
   * The lease is no longer this worker's: another worker took the task after the lease expired, or
   * the task finished. An expired lease that nobody has taken yet is still extended.
   */
  LOST
}
