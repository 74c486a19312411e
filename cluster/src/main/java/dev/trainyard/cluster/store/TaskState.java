package dev.trainyard.cluster.store;

/** Where one task of a job is, as the coordinator last saw it. */
public enum TaskState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static TaskState fromId(String id) {
    return valueOf(id.toUpperCase(java.util.Locale.ROOT));
  }
}
