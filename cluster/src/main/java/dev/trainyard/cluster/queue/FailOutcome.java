package dev.trainyard.cluster.queue;

/** What {@link TaskQueue#fail} did with a failed attempt. */
public enum FailOutcome {
  /** Another attempt is scheduled after the retry policy's backoff. */
  RETRY_SCHEDULED,
  /** That was the last allowed attempt: the task is in the dead-letter list with this error. */
  DEAD_LETTERED,
  /** The lease was no longer this worker's (redelivered, finished or cancelled): nothing changed. */
  STALE_IGNORED
}
