package dev.trainyard.cluster.coordinator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.cluster.queue.DeadLetter;
import dev.trainyard.cluster.queue.JobEvent;
import dev.trainyard.cluster.queue.JobId;
import dev.trainyard.cluster.queue.TaskId;
import dev.trainyard.cluster.queue.TaskQueue;
import dev.trainyard.cluster.queue.TaskSpec;
import dev.trainyard.cluster.store.JobStatus;
import dev.trainyard.cluster.store.JobStore;
import dev.trainyard.cluster.store.MetricPoint;
import dev.trainyard.cluster.store.TaskRecord;
import dev.trainyard.cluster.store.TaskState;
import dev.trainyard.cluster.task.TaskResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Follows one job on the task plane for the coordinator's scheduler: reads the workers' events
 * (started, progress, done, failed) into the store, collects results (events first, then a
 * periodic sweep of the result backend, which is the source of truth after a restart or a lost
 * event), fails the job on a permanent error or a dead-lettered task, and queues a speculative
 * backup for a straggler once the rest of the job is done. Called on the scheduler thread only.
 */
final class JobTracker {
  private static final int SWEEP_EVERY_TICKS = 5;
  static final int DEAD_LETTER_EVERY_TICKS = 10;

  private final JobStore store;
  private final TaskQueue queue;
  private final CoordinatorConfig config;
  private final Clock clock;

  JobTracker(JobStore store, TaskQueue queue, CoordinatorConfig config, Clock clock) {
    this.store = store;
    this.queue = queue;
    this.config = config;
    this.clock = clock;
  }

  /** The newest offset of a job's event stream (0 when empty): a resumed job reads on from there. */
  long lastEventOffset(JobId job) {
    long offset = 0;
    for (List<JobEvent> page; !(page = queue.eventsAfter(job, offset, 1000)).isEmpty(); ) {
      offset = page.get(page.size() - 1).offset();
    }
    return offset;
  }

  /** Why a job must fail; {@code badInput} when no retry could help (the data or spec broke a rule). */
  record Failure(String reason, boolean badInput) {
    static Optional<Failure> internal(String reason) {
      return Optional.of(new Failure(reason, false));
    }
  }

  /**
   * One scheduler pass; returns the failure when the job must fail. {@code deadLetters} is the
   * queue's dead-letter list when the scheduler read it this pass (read once for all jobs), else empty.
   */
  Optional<Failure> follow(JobRun run, BiFunction<JobRun, String, TaskSpec> specOf, List<DeadLetter> deadLetters) {
    run.ticks++;
    for (JobEvent e : queue.eventsAfter(run.id, run.eventOffset, 500)) {
      run.eventOffset = e.offset();
      Optional<Failure> failure = onEvent(run, parse(e.body()));
      if (failure.isPresent()) {
        return failure;
      }
    }
    if (run.ticks % SWEEP_EVERY_TICKS == 1) {
      Optional<Failure> failure = sweepResults(run);
      if (failure.isPresent()) {
        return failure;
      }
      saveProgress(run);
    }
    for (DeadLetter d : deadLetters) {
      JobRun.Slot dead = d.job().equals(run.id) ? run.slotOf(d.task().value()) : null;
      if (dead != null && dead.result == null && dead.psWorker()) {
        run.lostUnits.add(dead.task.unit());
      } else if (dead != null && dead.result == null) {
        return Failure.internal("task " + d.task() + " failed after " + d.attempts() + " attempts: " + d.lastError());
      }
    }
    backupStragglers(run, specOf);
    return Optional.empty();
  }

  private Optional<Failure> onEvent(JobRun run, JsonNode e) {
    String task = e.path("task").asText();
    JobRun.Slot slot = run.slotOf(task);
    if (slot == null) {
      return Optional.empty();
    }
    String type = e.path("type").asText();
    Instant now = clock.instant();
    switch (type) {
      case "started" -> {
        slot.startedAt = reported(e, now);
        slot.worker = e.path("worker").asText();
        slot.attempts = Math.max(slot.attempts, e.path("attempt").asInt());
        if (slot.psWorker() && e.path("attempt").asInt() > 1 && slot.result == null) {
          run.lostUnits.add(slot.task.unit()); // a redelivered PS worker would rejoin peers that moved on
        }
        if (slot.result == null) {
          store.upsertTask(TaskRecord.queued(run.id.value(), slot.task.id(), slot.task.kind())
              .started(slot.worker, slot.attempts, slot.startedAt));
        }
        markRunning(run, now);
        event(run, "task", e.deepCopy());
      }
      case "progress" -> onProgress(run, slot, e);
      case "done" -> {
        slot.finishedAt = reported(e, now);
        if (slot.result != null) {
          saveDone(run, slot); // the sweep collected it first; keep the worker's times
        }
        return collect(run, slot, task);
      }
      case "failed" -> {
        event(run, "task", e.deepCopy());
        if (slot.psWorker() && slot.result == null) {
          run.lostUnits.add(slot.task.unit());
          return Optional.empty();
        }
        if (e.path("final").asBoolean() && slot.result == null && !slot.backupQueued) {
          return Failure.internal(e.path("error").asText() + " (task " + task + ", attempt " + slot.attempts
              + ", no attempts left)");
        }
      }
      default -> event(run, "log", e.deepCopy());
    }
    return Optional.empty();
  }

  private void onProgress(JobRun run, JobRun.Slot slot, JsonNode e) {
    int total = e.path("total").asInt();
    if (total > 0 && slot.result == null) {
      slot.fraction = Math.min(1.0, e.path("done").asDouble() / total);
    }
    ObjectNode body = e.deepCopy();
    body.put("stage", stage(run, slot));
    body.put("progress", run.progress());
    event(run, "progress", body);
    if (e.has("loss")) {
      List<MetricPoint> points = new ArrayList<>();
      String suffix = stage(run, slot).equals("final model") ? "" : " (" + stage(run, slot) + ")";
      long step = e.path("done").asLong();
      points.add(new MetricPoint(run.id.value(), "loss" + suffix, step, e.path("loss").asDouble()));
      if (e.has("val_loss")) {
        points.add(new MetricPoint(run.id.value(), "val_loss" + suffix, step, e.path("val_loss").asDouble()));
      }
      store.addMetrics(points);
    }
  }

  /** "fold k/K" or "final model" for cv units, else "training". */
  static String stage(JobRun run, JobRun.Slot slot) {
    if (run.spec.kind() == dev.trainyard.cluster.job.JobSpec.Kind.PREDICT) {
      return "predicting";
    }
    int k = run.spec.validation().cvFolds();
    if (k == 0) {
      return "training";
    }
    return slot.task.unit() < k ? "fold " + (slot.task.unit() + 1) + "/" + k : "final model";
  }

  private Optional<Failure> collect(JobRun run, JobRun.Slot slot, String queueTaskId) {
    if (slot.result != null) {
      return Optional.empty();
    }
    Optional<String> text = queue.result(run.id, new TaskId(queueTaskId));
    if (text.isEmpty()) {
      return Optional.empty();
    }
    TaskResult r = TaskResult.fromJson(text.get());
    if (r.error().isPresent()) {
      return Optional.of(new Failure(r.error().get(), true));
    }
    r.startedAt().ifPresent(t -> slot.startedAt = t);
    r.finishedAt().ifPresent(t -> slot.finishedAt = t);
    slot.result = r;
    slot.fraction = 1;
    saveDone(run, slot);
    if (slot.backupQueued) {
      String other = queueTaskId.equals(slot.task.id()) ? slot.backupId() : slot.task.id();
      queue.cancel(new TaskId(other));
    }
    event(run, "task", Coordinator.JSON.createObjectNode().put("type", "done").put("task", slot.task.id())
        .put("worker", r.worker()).put("seconds", r.seconds()).put("copy", queueTaskId)
        .put("done", run.doneCount()).put("total", run.slots.size()));
    return Optional.empty();
  }

  /** Stores the final row of every task that has its result (idempotent). */
  void saveAllDone(JobRun run) {
    run.slots.values().stream().filter(s -> s.result != null).forEach(s -> saveDone(run, s));
  }

  private void saveDone(JobRun run, JobRun.Slot slot) {
    Instant end = slot.finishedAt != null ? slot.finishedAt : clock.instant();
    store.upsertTask(TaskRecord.queued(run.id.value(), slot.task.id(), slot.task.kind())
        .started(slot.result.worker(), Math.max(1, slot.attempts), slot.startedAt == null ? end : slot.startedAt)
        .finished(TaskState.SUCCEEDED, end, Optional.empty()));
  }

  private Optional<Failure> sweepResults(JobRun run) {
    for (JobRun.Slot s : run.slots.values()) {
      if (s.result != null) {
        continue;
      }
      Optional<Failure> f = collect(run, s, s.task.id());
      if (f.isEmpty() && s.result == null && s.backupQueued) {
        f = collect(run, s, s.backupId());
      }
      if (f.isPresent()) {
        return f;
      }
    }
    return Optional.empty();
  }

  private void backupStragglers(JobRun run, BiFunction<JobRun, String, TaskSpec> specOf) {
    long pending = run.slots.size() - run.doneCount();
    if (pending == 0 || pending > Math.max(1, run.slots.size() / 10)) {
      return;
    }
    List<Double> seconds = run.doneSeconds();
    if (seconds.isEmpty()) {
      return;
    }
    Collections.sort(seconds);
    double median = seconds.get(seconds.size() / 2);
    Duration threshold = Duration.ofMillis((long) (median * config.backupFactor() * 1000));
    if (threshold.compareTo(config.backupMinDelay()) < 0) {
      threshold = config.backupMinDelay();
    }
    Instant now = clock.instant();
    for (JobRun.Slot s : run.slots.values()) {
      if (s.result == null && !s.backupQueued && !s.psWorker() && s.startedAt != null
          && Duration.between(s.startedAt, now).compareTo(threshold) > 0) {
        s.backupQueued = true;
        queue.enqueue(specOf.apply(run, s.backupId()));
        event(run, "log", Coordinator.JSON.createObjectNode().put("message", "speculative backup of straggler "
            + s.task.id() + " (running " + Duration.between(s.startedAt, now).toSeconds() + " s on " + s.worker
            + ", median task " + String.format(java.util.Locale.ROOT, "%.1f", median) + " s)"));
      }
    }
  }

  private void markRunning(JobRun run, Instant now) {
    if (run.record.status() == JobStatus.QUEUED) {
      run.record = run.record.running(now);
      store.updateJob(run.record);
      store.appendEvent(run.id.value(), now, "status", "{\"status\":\"running\"}");
    }
  }

  private void saveProgress(JobRun run) {
    double p = run.progress();
    if (Math.abs(p - run.lastSavedProgress) >= 0.005) {
      run.lastSavedProgress = p;
      store.job(run.id.value()).filter(j -> !j.status().isFinal()).ifPresent(j -> {
        run.record = j.withProgress(p);
        store.updateJob(run.record);
      });
    }
  }

  private void event(JobRun run, String type, ObjectNode body) {
    JsonNode was = body.remove("type");
    if (was != null && !body.has("state")) {
      body.set("state", was);
    }
    store.appendEvent(run.id.value(), clock.instant(), type, body.toString());
  }

  /** The worker's clock time of an event ({@code at}), or the coordinator's when absent or unreadable. */
  private static Instant reported(JsonNode e, Instant fallback) {
    try {
      return e.has("at") ? Instant.parse(e.path("at").asText()) : fallback;
    } catch (java.time.format.DateTimeParseException bad) {
      return fallback;
    }
  }

  private static JsonNode parse(String body) {
    try {
      return Coordinator.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return Coordinator.JSON.createObjectNode();
    }
  }
}
