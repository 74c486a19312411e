package dev.trainyard.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.cluster.job.JobService;
import dev.trainyard.cluster.job.JobSpec;
import dev.trainyard.cluster.job.ResultJson;
import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.JobStatus;
import dev.trainyard.cluster.store.JobStore;
import dev.trainyard.common.NotFoundException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Test scaffolding for API and CLI tests, not a coordinator: {@link #submit} checks the datasets and
 * inserts the job as queued; the test then drives it ({@link #start}, {@link #progress},
 * {@link #succeed}, {@link #fail}) the way the coordinator would, appending each event before the
 * job's new state. Thread-safe.
 */
public final class TestJobService implements JobService {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JobStore store;
  private final Clock clock;
  private final AtomicInteger next = new AtomicInteger();
  private volatile Consumer<JobRecord> afterSubmit = j -> { };

  public TestJobService(JobStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Runs {@code hook} on every job right after it was stored, e.g. to finish it at once. */
  public void afterSubmit(Consumer<JobRecord> hook) {
    this.afterSubmit = hook;
  }

  @Override
  public JobRecord submit(String owner, JobSpec spec) {
    requireDataset(owner, spec.dataset());
    spec.validation().testDataset().ifPresent(t -> requireDataset(owner, t));
    String id = "job-" + next.incrementAndGet();
    JobRecord job = JobRecord.queued(id, owner, spec.algorithm(), spec.dataset(),
        spec.priority().name().toLowerCase(Locale.ROOT), spec.toJson(JSON).toString(), clock.instant());
    store.insertJob(job);
    event(id, "status", Map.of("status", "queued"));
    afterSubmit.accept(job);
    return job;
  }

  private void requireDataset(String owner, String id) {
    // like the coordinator: the API has checked that the owner may read it
    Optional<DatasetRecord> d = store.dataset(id);
    if (d.isEmpty()) {
      throw new NotFoundException("no dataset '" + id + "'");
    }
  }

  @Override
  public JobRecord cancel(String jobId) {
    JobRecord job = job(jobId);
    if (job.status().isFinal()) {
      return job;
    }
    event(jobId, "status", Map.of("status", "cancelled"));
    JobRecord cancelled = job.ended(JobStatus.CANCELLED, clock.instant(), "cancelled by the user");
    store.updateJob(cancelled);
    return cancelled;
  }

  public JobRecord start(String jobId) {
    event(jobId, "status", Map.of("status", "running"));
    JobRecord running = job(jobId).running(clock.instant());
    store.updateJob(running);
    return running;
  }

  public void progress(String jobId, String stage, int done, int total) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("stage", stage);
    body.put("done", done);
    body.put("total", total);
    event(jobId, "progress", body);
    store.updateJob(job(jobId).withProgress(total == 0 ? 0 : (double) done / total));
  }

  /** Finishes the job with {@code result} (a map as {@link ResultJson#of} builds) and a model id. */
  public JobRecord succeed(String jobId, Map<String, Object> result, String modelId) {
    event(jobId, "status", Map.of("status", "succeeded"));
    JobRecord done = job(jobId).succeeded(clock.instant(), write(result), Optional.ofNullable(modelId));
    store.updateJob(done);
    return done;
  }

  public JobRecord fail(String jobId, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "failed");
    body.put("error", reason);
    event(jobId, "status", body);
    JobRecord failed = job(jobId).ended(JobStatus.FAILED, clock.instant(), reason);
    store.updateJob(failed);
    return failed;
  }

  public long event(String jobId, String type, Map<String, Object> body) {
    return store.appendEvent(jobId, clock.instant(), type, write(body));
  }

  private JobRecord job(String id) {
    return store.job(id).orElseThrow(() -> new NotFoundException("no job '" + id + "'"));
  }

  private static String write(Object o) {
    try {
      return ResultJson.MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
