package dev.trainyard.cluster.queue;

/**
 * Identifies a task on the task plane; 1 to 200 characters of letters, digits, '.', '_' or '-'
 * (the value becomes part of broker keys). Never null.
 */
public record TaskId(String value) {
  public TaskId {
    Ids.check("task id", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
