package dev.trainyard.cluster.store;

/** Where a job is in its life; {@link #isFinal()} states never change again. */
public enum JobStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** The lower-case name used in JSON and in the store, e.g. {@code "running"}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static JobStatus fromId(String id) {
    return valueOf(id.toUpperCase(java.util.Locale.ROOT));
  }
}
