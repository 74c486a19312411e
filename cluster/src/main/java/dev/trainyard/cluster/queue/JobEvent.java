package dev.trainyard.cluster.queue;

import java.util.Objects;

/**
 * One entry of a job's progress stream. Offsets start at 1 and grow by 1 per append, so a reader
 * resumes with {@code eventsAfter(job, lastSeenOffset, max)}. Immutable.
 */
public record JobEvent(long offset, String body) {
  public JobEvent {
    Objects.requireNonNull(body, "body");
    if (offset < 1) {
      throw new IllegalArgumentException("event offset must be at least 1, was " + offset);
    }
  }
}
