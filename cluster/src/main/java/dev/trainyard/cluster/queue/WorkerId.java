package dev.trainyard.cluster.queue;

/**
 * Identifies a worker on the task plane; 1 to 200 characters of letters, digits, '.', '_' or '-'
 * (the value becomes part of broker keys). Never null.
 */
public record WorkerId(String value) {
  public WorkerId {
    Ids.check("worker id", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
