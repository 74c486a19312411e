package dev.trainyard.cluster.job;

import dev.trainyard.cluster.store.JobRecord;

/**
 * What callers (HTTP API, CLI through it) ask of the coordinator besides reading the store:
 * submitting and cancelling jobs. Thread-safe.
 */
public interface JobService {
  /**
   * Validates {@code spec} against the store (datasets exist, the model exists for predict) and plans
   * it for {@code owner}, who the caller has checked may read them (the HTTP API applies the owner,
   * share and admin rules); nothing is queued when anything is wrong. Throws
   * {@link dev.trainyard.common.InvalidInputException} listing every problem, or
   * {@link dev.trainyard.common.NotFoundException} for an unknown dataset or model.
   */
  JobRecord submit(String owner, JobSpec spec);

  /**
   * Cancels a job: queued tasks are removed, running ones stop at their next heartbeat. Cancelling
   * a finished job changes nothing and returns it as it is. Throws NotFoundException for an unknown id.
   */
  JobRecord cancel(String jobId);
}
