package dev.trainyard.cluster.queue;

import dev.trainyard.common.InvalidInputException;
import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff between attempts: the retry after failed attempt {@code n} waits
 * {@code min(max, initial * 2^(n-1))}. Immutable.
 */
public record RetryPolicy(Duration initial, Duration max) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5));

  public RetryPolicy {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new InvalidInputException("initial backoff must be positive, was " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new InvalidInputException(
          "max backoff must be at least the initial backoff " + initial + ", was " + max);
    }
  }

  /** The wait before the attempt that follows failed attempt {@code failedAttempt} (1-based). */
  public Duration backoffAfter(int failedAttempt) {
    int doublings = Math.min(Math.max(failedAttempt - 1, 0), 30);
    Duration d = initial.multipliedBy(1L << doublings);
    return d.compareTo(max) > 0 ? max : d;
  }
}
