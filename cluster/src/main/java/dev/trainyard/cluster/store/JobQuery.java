package dev.trainyard.cluster.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A filter for listing jobs: by owner, by status, newest first, at most {@code limit} (1..1000)
 * after skipping {@code offset}. Values are bound as SQL parameters, never concatenated.
 */
public record JobQuery(Optional<String> owner, Optional<JobStatus> status, int limit, int offset) {
  public JobQuery {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(status, "status");
    dev.trainyard.common.Check.between("limit", limit, 1, 1000);
    dev.trainyard.common.Check.between("offset", offset, 0, Integer.MAX_VALUE);
  }

  public static JobQuery all() {
    return new JobQuery(Optional.empty(), Optional.empty(), 1000, 0);
  }

  public JobQuery ofOwner(String o) {
    return new JobQuery(Optional.of(o), status, limit, offset);
  }

  public JobQuery inStatus(JobStatus s) {
    return new JobQuery(owner, Optional.of(s), limit, offset);
  }
}
