package dev.trainyard.cluster.coordinator;

import dev.trainyard.cluster.job.JobSpec;
import dev.trainyard.cluster.queue.JobId;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.task.DataRef;
import dev.trainyard.cluster.task.TaskResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The coordinator's working state of one unfinished job: its planned tasks and, per logical task,
 * which copies were queued (the first and at most one speculative backup), when it started, its
 * latest progress, and its result once the first copy's result arrived. Confined to the
 * coordinator's scheduler thread.
 */
final class JobRun {
  final JobId id;
  final JobSpec spec;
  final DataRef train;
  final Optional<DataRef> test;
  final List<PlannedTask> planned;
  final Map<String, Slot> slots = new LinkedHashMap<>();
  JobRecord record;
  long eventOffset;
  boolean finishing;
  /** PS units whose current generation lost a worker: the scheduler restarts them as a new generation. */
  final java.util.Set<Integer> lostUnits = new java.util.TreeSet<>();
  int ticks;
  double lastSavedProgress = -1;

  JobRun(JobRecord record, JobSpec spec, DataRef train, Optional<DataRef> test, List<PlannedTask> planned) {
    this.id = new JobId(record.id());
    this.record = record;
    this.spec = spec;
    this.train = train;
    this.test = test;
    this.planned = planned;
    for (PlannedTask t : planned) {
      slots.put(t.id(), new Slot(t));
    }
  }

  /** Adds a task planned after the job started (a preprocessing round). */
  void add(PlannedTask t) {
    slots.put(t.id(), new Slot(t));
  }

  /** The logical task a queue task id belongs to (a backup id is the logical id plus ".b1"). */
  Slot slotOf(String queueTaskId) {
    Slot s = slots.get(queueTaskId);
    if (s == null && queueTaskId.endsWith(Slot.BACKUP_SUFFIX)) {
      s = slots.get(queueTaskId.substring(0, queueTaskId.length() - Slot.BACKUP_SUFFIX.length()));
    }
    return s;
  }

  boolean allDone() {
    return slots.values().stream().allMatch(s -> s.result != null);
  }

  long doneCount() {
    return slots.values().stream().filter(s -> s.result != null).count();
  }

  /** Fraction of the job done: finished tasks count 1, running ones their latest progress fraction. */
  double progress() {
    double sum = 0;
    for (Slot s : slots.values()) {
      sum += s.result != null ? 1 : s.fraction;
    }
    return slots.isEmpty() ? 0 : Math.min(0.99, sum / slots.size());
  }

  List<Double> doneSeconds() {
    List<Double> out = new ArrayList<>();
    slots.values().forEach(s -> {
      if (s.result != null) {
        out.add(s.result.seconds());
      }
    });
    return out;
  }

  /** One logical task. */
  static final class Slot {
    static final String BACKUP_SUFFIX = ".b1";
    final PlannedTask task;
    TaskResult result;
    Instant startedAt;
    Instant finishedAt;
    String worker;
    int attempts;
    boolean backupQueued;
    double fraction;
    /** The result's model, being decoded ahead of the finish (null until started). */
    java.util.concurrent.CompletableFuture<dev.trainyard.ml.pipeline.PipelineModel> decoded;

    Slot(PlannedTask task) {
      this.task = task;
    }

    boolean psWorker() {
      return task.payload().kind() == dev.trainyard.cluster.task.TaskKind.PS_WORKER;
    }

    String backupId() {
      return task.id() + BACKUP_SUFFIX;
    }
  }
}
