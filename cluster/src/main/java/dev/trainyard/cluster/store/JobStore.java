package dev.trainyard.cluster.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The coordinator's durable state. Every method is one transaction; implementations are
 * thread-safe. A store that cannot be reached throws {@link StoreUnavailableException} (transient:
 * retry with backoff). Arguments are never null.
 */
public interface JobStore extends AutoCloseable {

  // --- datasets
  void insertDataset(DatasetRecord d);

  Optional<DatasetRecord> dataset(String id);

  /** The owner's dataset with these bytes, if one was uploaded already (uploads are deduplicated). */
  Optional<DatasetRecord> datasetByHash(String owner, String sha256);

  /** Any dataset with these bytes (workers fetch by hash). */
  Optional<DatasetRecord> anyDatasetByHash(String sha256);

  /** The owner's datasets, newest first; every dataset when owner is empty. */
  List<DatasetRecord> datasets(Optional<String> owner);

  // --- jobs
  void insertJob(JobRecord job);

  /** Replaces the stored job with the same id; returns false when there is none. */
  boolean updateJob(JobRecord job);

  Optional<JobRecord> job(String id);

  /** Jobs matching the query, newest first (created_at descending, then id). */
  List<JobRecord> jobs(JobQuery query);

  /** Every job that is not final (QUEUED or RUNNING), oldest first: what a restarted coordinator resumes. */
  List<JobRecord> unfinishedJobs();

  // --- tasks (one row per job task, updated as attempts start and end)
  void upsertTask(TaskRecord task);

  /** The job's tasks ordered by task id. */
  List<TaskRecord> tasks(String jobId);

  // --- events and metrics
  /** Appends an event and returns its sequence number (1, 2, 3, ... per job). */
  long appendEvent(String jobId, Instant at, String type, String json);

  /** Events with seq greater than {@code afterSeq}, in order, at most {@code max}. */
  List<EventRecord> events(String jobId, long afterSeq, int max);

  void addMetrics(List<MetricPoint> points);

  /** The job's metric points ordered by series, then step. */
  List<MetricPoint> metrics(String jobId);

  // --- models
  void insertModel(ModelRecord m);

  Optional<ModelRecord> model(String id);

  /** The owner's models, newest first; every model when owner is empty. */
  List<ModelRecord> models(Optional<String> owner);

  @Override
  void close();
}
