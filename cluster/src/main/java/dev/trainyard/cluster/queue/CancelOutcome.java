package dev.trainyard.cluster.queue;

/** What {@link TaskQueue#cancel} did. */
public enum CancelOutcome {
  /** The task was waiting (ready or delayed) and is gone. */
  REMOVED,
  /** The task is leased: it is marked, and its worker learns at its next heartbeat. */
  MARKED,
  /** The task had already finished, died or been cancelled. */
  NOT_ACTIVE,
  UNKNOWN
}
