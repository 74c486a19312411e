package dev.trainyard.cluster.queue;

/**
 * Identifies a job on the task plane; 1 to 200 characters of letters, digits, '.', '_' or '-'
 * (the value becomes part of broker keys). Never null.
 */
public record JobId(String value) {
  public JobId {
    Ids.check("job id", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
