package dev.trainyard.cluster.queue;

/** Task priority: a higher level is always leased before a lower one; FIFO within a level. */
public enum Priority {
  LOW,
  NORMAL,
  HIGH;

  /** Levels from the one leased first to the one leased last. */
  public static Priority[] highestFirst() {
    return new Priority[] {HIGH, NORMAL, LOW};
  }
}
