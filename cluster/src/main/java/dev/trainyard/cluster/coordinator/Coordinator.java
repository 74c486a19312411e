package dev.trainyard.cluster.coordinator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.trainyard.cluster.data.DatasetRepository;
import dev.trainyard.cluster.job.JobService;
import dev.trainyard.cluster.job.JobSpec;
import dev.trainyard.cluster.queue.JobId;
import dev.trainyard.cluster.queue.TaskId;
import dev.trainyard.cluster.queue.TaskQueue;
import dev.trainyard.cluster.queue.TaskSpec;
import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.JobStatus;
import dev.trainyard.cluster.store.JobStore;
import dev.trainyard.cluster.store.ModelRecord;
import dev.trainyard.cluster.store.TaskRecord;
import dev.trainyard.cluster.task.DataRef;
import dev.trainyard.cluster.task.FrameCache;
import dev.trainyard.cluster.task.LocalModels;
import dev.trainyard.cluster.telemetry.CoordinatorMetrics;
import dev.trainyard.cluster.telemetry.LogContext;
import dev.trainyard.ml.pipeline.ExperimentResult;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's job service: validates and plans submitted jobs, queues their tasks, and runs a
 * scheduler that follows the task plane ({@link JobTracker}) until each job is assembled and
 * evaluated ({@link JobFinisher}). On {@link #start} it resumes every unfinished job in the store:
 * tasks are re-queued under the same ids (idempotent), results already on the task plane are used.
 * Thread-safe: submissions and the scheduler share one lock.
 */
public final class Coordinator implements JobService, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
  static final ObjectMapper JSON = new ObjectMapper();

  private final JobStore store;
  private final TaskQueue queue;
  private final DatasetRepository datasets;
  private final CoordinatorConfig config;
  private final Clock clock;
  private final ClusterView cluster;
  private final Object lock = new Object();
  @GuardedBy("lock")
  private final Map<String, JobRun> runs = new LinkedHashMap<>();
  private final JobTracker tracker;
  private final JobFinisher finisher;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService finishing;
  /** Off the critical path: parses a job's data while its tasks run and decodes results as they arrive. */
  private final ExecutorService ahead;
  private final FrameCache frames;
  private final LocalModels localModels = new LocalModels();
  /** Scheduler passes so far; confined to the scheduler thread. */
  private long ticks;
  private volatile FinishedListener listener = (id, r, rows, cols, load) -> {};

  /** Told about every job that succeeded, with its result in memory (the embedded {@code train} uses it). */
  @FunctionalInterface
  public interface FinishedListener {
    void finished(String jobId, ExperimentResult result, int rows, int columns, double loadSeconds);
  }

  /**
   * @param frames where the coordinator reads a job's frames to evaluate it; share the local
   *     workers' cache in one JVM so a dataset is parsed once
   */
  public Coordinator(JobStore store, TaskQueue queue, DatasetRepository datasets, CoordinatorConfig config,
      Clock clock, ClusterView cluster, FrameCache frames) {
    this.store = store;
    this.queue = queue;
    this.datasets = datasets;
    this.config = config;
    this.clock = clock;
    this.cluster = cluster;
    this.frames = frames;
    this.tracker = new JobTracker(store, queue, config, clock);
    this.finisher = new JobFinisher(store, datasets, frames, localModels, config, clock);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("coordinator-scheduler"));
    this.finishing = Executors.newSingleThreadExecutor(daemon("coordinator-finisher"));
    this.ahead = Executors.newSingleThreadExecutor(daemon("coordinator-ahead"));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  public JobStore store() {
    return store;
  }

  public TaskQueue queue() {
    return queue;
  }

  public DatasetRepository datasets() {
    return datasets;
  }

  /** A frame cache over this coordinator's datasets (what local workers should share with it). */
  public static FrameCache localFrames(DatasetRepository datasets, int capacity) {
    return new FrameCache(ref -> datasets.fileByHash(ref.sha256())
        .orElseThrow(() -> new NotFoundException("no dataset " + ref.name() + " (" + ref.sha256() + ")")), capacity);
  }

  public FrameCache frames() {
    return frames;
  }

  /** Where workers in this JVM hand fitted models over without serializing them. */
  public LocalModels localModels() {
    return localModels;
  }

  public void onFinished(FinishedListener l) {
    this.listener = l;
  }

  /** Resumes unfinished jobs, then starts the scheduler. */
  public Coordinator start() {
    for (JobRecord j : store.unfinishedJobs()) {
      try {
        resume(j);
      } catch (RuntimeException e) {
        LOG.warn("cannot resume job {}", j.id(), e);
        fail(j, "the coordinator restarted and could not resume the job: " + e.getMessage(), false);
      }
    }
    long every = config.tick().toMillis();
    scheduler.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public JobRecord submit(String owner, JobSpec spec) {
    DataRef train = dataRef(owner, spec.dataset(), "dataset");
    Optional<DataRef> test = spec.validation().testDataset().map(id -> dataRef(owner, id, "validation.test_dataset"));
    DatasetHeader.check(datasets.file(store.dataset(spec.dataset()).orElseThrow()), train, spec);
    String id = "j-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String algorithm = spec.algorithm();
    List<PlannedTask> planned;
    if (spec.kind() == JobSpec.Kind.PREDICT) {
      ModelRecord m = modelOf(owner, spec);
      algorithm = m.algorithm();
      planned = Planner.predict(id, spec, train, modelRef(m));
    } else if (spec.kind() == JobSpec.Kind.PREPROCESS) {
      algorithm = "preprocess";
      planned = Planner.preprocess(id, spec, train, 1, chunkIndices(spec));
    } else {
      planned = Planner.plan(id, spec, train, test, cluster);
    }
    JobRecord record = JobRecord.queued(id, owner, algorithm, spec.dataset(),
        spec.priority().name().toLowerCase(java.util.Locale.ROOT), spec.toJson(JSON).toString(), clock.instant());
    store.insertJob(record);
    for (PlannedTask t : planned) {
      store.upsertTask(TaskRecord.queued(id, t.id(), t.kind()));
    }
    store.appendEvent(id, clock.instant(), "status", "{\"status\":\"queued\",\"tasks\":" + planned.size() + "}");
    JobRun run = new JobRun(record, spec, train, test, planned);
    synchronized (lock) {
      runs.put(id, run);
      enqueueAll(run);
    }
    LogContext.inJob(id, () -> LOG.info("job {} ({} on {}) submitted by {}: {} tasks", id, spec.algorithm(),
        spec.dataset(), owner, planned.size()));
    CoordinatorMetrics.submitted(spec.kind().name().toLowerCase(java.util.Locale.ROOT));
    if (spec.kind() == JobSpec.Kind.TRAIN) {
      warmUp(run);
    }
    return record;
  }

  private static List<Integer> chunkIndices(JobSpec spec) {
    List<Integer> all = new ArrayList<>();
    for (int c = 0; c < Planner.chunks(spec); c++) {
      all.add(c);
    }
    return all;
  }

  private ModelRecord modelOf(String owner, JobSpec spec) {
    String modelId = spec.model().orElseThrow(() -> new InvalidInputException("a predict job needs a model id"));
    // who may read which model is the API's rule (owners, shares, admins): checked before submit
    return store.model(modelId)
        .orElseThrow(() -> new NotFoundException("model: no model '" + modelId + "'"));
  }

  /** A saved model as a fetchable file: its file is named by its content hash. */
  private DataRef modelRef(ModelRecord m) {
    String sha = m.file().replaceFirst("\\.model$", "");
    if (!sha.matches("[0-9a-f]{64}") || !java.nio.file.Files.exists(datasets.modelFile(m.file()))) {
      throw new NotFoundException("model " + m.id() + " has no stored file that workers can fetch");
    }
    return new DataRef(sha, "model", m.id());
  }

  private DataRef dataRef(String owner, String datasetId, String key) {
    DatasetRecord d = store.dataset(datasetId)
        .orElseThrow(() -> new NotFoundException(key + ": no dataset '" + datasetId + "'"));
    return new DataRef(d.sha256(), d.format(), d.name());
  }

  @GuardedBy("lock")
  private void enqueueAll(JobRun run) {
    for (PlannedTask t : run.planned) {
      queue.enqueue(taskSpec(run, t.id(), t));
    }
  }

  TaskSpec taskSpec(JobRun run, String queueId, PlannedTask t) {
    return TaskSpec.of(run.id, new TaskId(queueId), t.payload().toJson()).withPriority(run.spec.priority())
        .withMaxAttempts(config.maxAttempts());
  }

  @Override
  public JobRecord cancel(String jobId) {
    JobRecord j = store.job(jobId).orElseThrow(() -> new NotFoundException("no job '" + jobId + "'"));
    if (j.status().isFinal()) {
      return j;
    }
    synchronized (lock) {
      queue.cancelJob(new JobId(jobId));
      runs.remove(jobId);
      JobRecord ended = store.job(jobId).orElse(j).ended(JobStatus.CANCELLED, clock.instant(), "cancelled by the user");
      // the final event goes first: event streams end once they see a final job and its events
      store.appendEvent(jobId, clock.instant(), "status", "{\"status\":\"cancelled\"}");
      store.updateJob(ended);
      CoordinatorMetrics.finished("cancelled");
      return ended;
    }
  }

  private void resume(JobRecord j) {
    JobSpec spec;
    try {
      spec = JobSpec.fromJson(JSON.readTree(j.specJson()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("its stored spec is not JSON: " + e.getOriginalMessage(), e);
    }
    DataRef train = dataRef(j.owner(), spec.dataset(), "dataset");
    Optional<DataRef> test = spec.validation().testDataset().map(id -> dataRef(j.owner(), id, "test_dataset"));
    if (datasets.fileByHash(train.sha256()).isEmpty()) {
      throw new IllegalStateException("its dataset file " + train.sha256() + " is gone");
    }
    List<PlannedTask> planned = switch (spec.kind()) {
      case PREDICT -> Planner.predict(j.id(), spec, train, modelRef(modelOf(j.owner(), spec)));
      case PREPROCESS -> Planner.preprocess(j.id(), spec, train, 1, chunkIndices(spec));
      default -> Planner.plan(j.id(), spec, train, test, cluster);
    };
    JobRun run = new JobRun(j, spec, train, test, planned);
    run.eventOffset = tracker.lastEventOffset(run.id);
    synchronized (lock) {
      runs.put(j.id(), run);
      enqueueAll(run);
    }
    store.appendEvent(j.id(), clock.instant(), "log", "{\"message\":\"coordinator restarted: job resumed\"}");
    LOG.info("job {} resumed after a coordinator restart", j.id());
  }

  /**
   * Fails a job; {@code badInput} says whether the reason is the user's input (a rule the data or
   * spec broke) or an internal failure, recorded as the final status event's {@code cause}.
   */
  private void fail(JobRecord j, String reason, boolean badInput) {
    queue.cancelJob(new JobId(j.id()));
    store.appendEvent(j.id(), clock.instant(), "status", JSON.createObjectNode().put("status", "failed")
        .put("error", reason).put("cause", badInput ? "input" : "internal").toString());
    store.updateJob(store.job(j.id()).orElse(j).ended(JobStatus.FAILED, clock.instant(), reason));
    CoordinatorMetrics.finished("failed");
  }

  @SuppressWarnings("try") // the resource is the job's id in the log context
  private void tick() {
    List<JobRun> active;
    synchronized (lock) {
      active = new ArrayList<>(runs.values());
    }
    // one read of the dead-letter list every few ticks serves every job followed in this tick
    List<dev.trainyard.cluster.queue.DeadLetter> dead = List.of();
    if (!active.isEmpty() && ticks++ % JobTracker.DEAD_LETTER_EVERY_TICKS == 0) {
      try {
        dead = queue.deadLetters(10_000);
      } catch (RuntimeException e) {
        LOG.warn("scheduler: dead letters not read this tick: {}", e.toString());
      }
    }
    for (JobRun run : active) {
      try (LogContext c = LogContext.job(run.id.value())) {
        synchronized (lock) {
          if (!runs.containsKey(run.id.value()) || run.finishing) {
            continue;
          }
          Optional<JobTracker.Failure> failure =
              tracker.follow(run, (r, qid) -> taskSpec(r, qid, r.slotOf(qid).task), dead);
          if (failure.isEmpty() && !run.lostUnits.isEmpty()) {
            failure = restartLostUnits(run);
          }
          if (failure.isEmpty()) {
            decodeAhead(run);
          }
          if (failure.isPresent()) {
            runs.remove(run.id.value());
            fail(run.record, failure.get().reason(), failure.get().badInput());
          } else if (run.allDone() && !nextRound(run)) {
            run.finishing = true;
            finishing.execute(() -> LogContext.inJob(run.id.value(), () -> finish(run)));
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("scheduler: job {} not followed this tick: {}", run.id, e.toString());
      }
    }
  }

  /** Parses the job's frames into the cache while its tasks run, so the finish does not wait for it. */
  private void warmUp(JobRun run) {
    ahead.execute(() -> {
      try {
        frames.get(run.spec, run.train, run.test);
      } catch (RuntimeException e) {
        LOG.debug("job {}: reading its data ahead failed ({}); the finish reads it again", run.id, e.toString());
      }
    });
  }

  /** Starts decoding the models of results that arrived, so the finish only joins them. */
  @GuardedBy("lock")
  private void decodeAhead(JobRun run) {
    if (run.spec.kind() != JobSpec.Kind.TRAIN) {
      return;
    }
    for (JobRun.Slot s : run.slots.values()) {
      if (s.result != null && s.decoded == null && s.result.model().isPresent()
          && !(s.psWorker() && s.task.payload().treeFrom() != 0)) {
        String text = s.result.model().get();
        String source = s.task.id();
        s.decoded = java.util.concurrent.CompletableFuture.supplyAsync(() -> localModels.decode(text, source), ahead);
      }
    }
  }

  /** Generations a PS unit may use before its job fails. */
  static final int MAX_PS_GENERATIONS = 3;

  /**
   * Restarts every PS unit that lost a worker as a new generation: its W tasks are cancelled and
   * queued again under new ids with a fresh table prefix (the old generation's tables are dropped),
   * since a replacement worker cannot rejoin peers mid-training.
   */
  @GuardedBy("lock")
  private Optional<JobTracker.Failure> restartLostUnits(JobRun run) {
    for (int unit : run.lostUnits) {
      List<JobRun.Slot> old = run.slots.values().stream().filter(s -> s.task.unit() == unit && s.psWorker()).toList();
      if (old.isEmpty() || old.stream().allMatch(s -> s.result != null)) {
        continue;
      }
      int gen = old.get(0).task.payload().treeTo();
      if (gen >= MAX_PS_GENERATIONS) {
        return Optional.of(new JobTracker.Failure("parameter-server unit " + unit + " lost a worker in each of "
            + gen + " attempts", false));
      }
      for (JobRun.Slot s : old) {
        queue.cancel(new TaskId(s.task.id()));
        run.slots.remove(s.task.id());
        store.upsertTask(TaskRecord.queued(run.id.value(), s.task.id(), s.task.kind())
            .finished(dev.trainyard.cluster.store.TaskState.CANCELLED, clock.instant(),
                Optional.of("generation " + gen + " of unit " + unit + " lost a worker")));
      }
      List<String> shards = old.get(0).task.payload().psShards();
      dropTablesLater(shards, dev.trainyard.cluster.worker.MlTaskRunner.tablePrefix(run.id.value(), unit, gen));
      for (PlannedTask t : Planner.psWorkers(run.id.value(), run.spec, run.train, run.test, unit, gen + 1, shards)) {
        run.add(t);
        store.upsertTask(TaskRecord.queued(run.id.value(), t.id(), t.kind()));
        queue.enqueue(taskSpec(run, t.id(), t));
      }
      store.appendEvent(run.id.value(), clock.instant(), "log", JSON.createObjectNode().put("message",
          "parameter-server unit " + unit + " lost a worker: restarted as generation " + (gen + 1)).toString());
      LOG.info("job {}: PS unit {} lost a worker; restarted as generation {}", run.id, unit, gen + 1);
    }
    run.lostUnits.clear();
    return Optional.empty();
  }

  private void dropTablesLater(List<String> shards, String prefix) {
    finishing.execute(() -> {
      try {
        if (config.clusterSecret().isPresent()) {
          dev.trainyard.ps.train.PsTrainerSource.dropTables(shards, prefix, config.clusterSecret().get());
        } else {
          dev.trainyard.ps.train.PsTrainerSource.dropTables(shards, prefix);
        }
      } catch (RuntimeException e) {
        LOG.debug("dropping PS tables {} failed: {}", prefix, e.toString());
      }
    });
  }

  /** Queues a preprocessing job's next round of chunk re-reads, if its chunks need one. */
  @GuardedBy("lock")
  private boolean nextRound(JobRun run) {
    if (run.spec.kind() != JobSpec.Kind.PREPROCESS) {
      return false;
    }
    List<PlannedTask> more;
    try {
      more = PreprocessRounds.next(run);
    } catch (InvalidInputException e) {
      runs.remove(run.id.value());
      fail(run.record, e.getMessage(), true);
      return true;
    }
    for (PlannedTask t : more) {
      run.add(t);
      store.upsertTask(TaskRecord.queued(run.id.value(), t.id(), t.kind()));
      queue.enqueue(taskSpec(run, t.id(), t));
    }
    if (!more.isEmpty()) {
      store.appendEvent(run.id.value(), clock.instant(), "log", JSON.createObjectNode().put("message",
          more.size() + " chunk(s) parsed again with the merged column types").toString());
    }
    return !more.isEmpty();
  }

  private void finish(JobRun run) {
    JobFinisher.Finished finished;
    try {
      finished = finisher.finish(run);
    } catch (InvalidInputException e) {
      synchronized (lock) {
        runs.remove(run.id.value());
        fail(run.record, e.getMessage(), true);
      }
      return;
    } catch (RuntimeException e) {
      LOG.warn("job {}: assembling the result failed", run.id, e);
      synchronized (lock) {
        runs.remove(run.id.value());
        fail(run.record, "assembling the result failed: " + e, false);
      }
      return;
    }
    JobRecord done = finished.record();
    run.slots.values().stream().filter(s -> s.psWorker() && s.task.payload().treeFrom() == 0).forEach(s ->
        dropTablesLater(s.task.payload().psShards(), dev.trainyard.cluster.worker.MlTaskRunner.tablePrefix(
            run.id.value(), s.task.unit(), s.task.payload().treeTo())));
    synchronized (lock) {
      runs.remove(run.id.value());
      Optional<JobRecord> now = store.job(run.id.value());
      if (now.isPresent() && now.get().status().isFinal()) {
        return; // cancelled meanwhile
      }
      // the listener hears first: whoever waits for the stored final status then finds the result there
      finished.result().ifPresent(r -> listener.finished(run.id.value(), r, finished.train().rowCount(),
          finished.train().columnCount(), finished.loadSeconds()));
      // every task's final row again: a write lost while the store was away must not leave a task "running"
      tracker.saveAllDone(run);
      store.appendEvent(run.id.value(), clock.instant(), "status", "{\"status\":\"succeeded\"}");
      store.updateJob(done);
    }
    CoordinatorMetrics.finished("succeeded");
    LOG.info("job {} succeeded", run.id);
  }

  /** Jobs being followed now (for the cluster view). */
  public int activeJobs() {
    synchronized (lock) {
      return runs.size();
    }
  }

  /** Stops the scheduler; running jobs stay RUNNING in the store and are resumed by the next start. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    finishing.shutdownNow();
    ahead.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
      finishing.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
