package dev.trainyard.cluster.store;

import java.util.Objects;

/**
 * One per-iteration value of a job: the series (e.g. {@code loss}, {@code fold 2/5 loss},
 * {@code trees}), the step (iteration, epoch or trees done) and the value. Immutable.
 */
public record MetricPoint(String jobId, String series, long step, double value) {
  public MetricPoint {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(series, "series");
  }
}
