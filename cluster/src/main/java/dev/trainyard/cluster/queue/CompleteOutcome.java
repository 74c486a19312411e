package dev.trainyard.cluster.queue;

/** What {@link TaskQueue#complete} did with a result; results are stored once per (job, task). */
public enum CompleteOutcome {
  STORED,
  /** A result for this (job, task) was already stored (redelivery, backup copy): this one is dropped. */
  DUPLICATE_DROPPED,
  /** The task was cancelled before its result arrived: the result is dropped. */
  CANCELLED
}
