package dev.trainyard.cluster.worker;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.trainyard.cluster.queue.CompleteOutcome;
import dev.trainyard.cluster.queue.FailOutcome;
import dev.trainyard.cluster.queue.HeartbeatOutcome;
import dev.trainyard.cluster.queue.Lease;
import dev.trainyard.cluster.queue.TaskQueue;
import dev.trainyard.cluster.task.TaskPayload;
import dev.trainyard.cluster.task.TaskResult;
import dev.trainyard.cluster.telemetry.LogContext;
import dev.trainyard.cluster.telemetry.WorkerMetrics;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.Ticker;
import dev.trainyard.ml.model.ProgressListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: {@code slots} threads that each lease a task, run it, and store its result
 * (ack-late: the task is acknowledged only by {@link TaskQueue#complete}); a heartbeat thread that
 * extends every running lease and stops a task that was cancelled or whose lease was lost. A fast
 * worker simply leases more. Input errors no retry can fix are stored as a permanent-error result;
 * other failures go back to the queue for a retry with backoff. {@link #stop} drains: no new
 * leases, running tasks finish (up to the drain timeout), then threads end. Thread-safe.
 */
public final class WorkerRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);
  private static final long PROGRESS_EVERY_NANOS = 250_000_000L;

  private final WorkerConfig config;
  private final TaskQueue queue;
  private final TaskRunner runner;
  private final Ticker ticker;
  private final java.time.Clock clock;
  private final Object idle = new Object();
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final AtomicLong done = new AtomicLong();
  private final List<Thread> slots = new ArrayList<>();
  private final ScheduledExecutorService heartbeats;
  @GuardedBy("idle")
  private boolean accepting = true;

  public WorkerRuntime(WorkerConfig config, TaskQueue queue, TaskRunner runner, Ticker ticker, java.time.Clock clock) {
    this.config = config;
    this.queue = queue;
    this.runner = runner;
    this.ticker = ticker;
    this.clock = clock;
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "heartbeat-" + config.id());
      t.setDaemon(true);
      return t;
    });
  }

  public WorkerConfig config() {
    return config;
  }

  /** Starts the slots and the heartbeat; call once. */
  public WorkerRuntime start() {
    long every = config.heartbeat().toMillis();
    heartbeats.scheduleWithFixedDelay(this::heartbeatAll, every, every, TimeUnit.MILLISECONDS);
    for (int i = 0; i < config.slots(); i++) {
      Thread t = new Thread(this::slotLoop, "slot-" + config.id() + "-" + i);
      t.setDaemon(true);
      slots.add(t);
      t.start();
    }
    LOG.info("worker {} started with {} slots", config.id(), config.slots());
    return this;
  }

  /** Tasks running now, as "job/task". */
  public List<String> runningTasks() {
    return running.values().stream().map(r -> r.lease.job() + "/" + r.lease.task()).sorted().toList();
  }

  public long tasksDone() {
    return done.get();
  }

  /**
   * Graceful shutdown: stop leasing, let running tasks finish for up to the drain timeout, then
   * interrupt what is left (its leases expire and are redelivered elsewhere). Returns true when
   * every running task finished.
   */
  public boolean stop() {
    synchronized (idle) {
      accepting = false;
      idle.notifyAll();
    }
    long deadline = ticker.nanos() + config.drain().toNanos();
    boolean drained = true;
    for (Thread t : slots) {
      try {
        t.join(Math.max(1, (deadline - ticker.nanos()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        drained = false;
        t.interrupt();
      }
    }
    heartbeats.shutdownNow();
    LOG.info("worker {} stopped ({})", config.id(), drained ? "drained" : "tasks interrupted at the drain timeout");
    return drained;
  }

  private boolean accepting() {
    synchronized (idle) {
      return accepting;
    }
  }

  @SuppressWarnings("try") // the resource is the task's ids in the log context
  private void slotLoop() {
    while (accepting()) {
      Thread.interrupted(); // a stop signal meant for a finished task must not hit the broker call
      Optional<Lease> lease;
      try {
        lease = queue.lease(config.id(), config.lease());
      } catch (RuntimeException e) {
        LOG.warn("worker {}: cannot lease from the queue ({}); retrying", config.id(), e.toString());
        idleWait(config.poll().multipliedBy(5));
        continue;
      }
      if (lease.isEmpty()) {
        idleWait(config.poll());
        continue;
      }
      Lease l = lease.get();
      try (LogContext c = LogContext.task(l.job().value(), l.task().value(), config.id().value())) {
        execute(l);
      }
    }
  }

  private void idleWait(Duration d) {
    synchronized (idle) {
      if (!accepting) {
        return;
      }
      try {
        idle.wait(Math.max(1, d.toMillis()));
      } catch (InterruptedException e) {
        // an interrupt only ever stops a task; between tasks the loop checks 'accepting' instead
      }
    }
  }

  private void execute(Lease lease) {
    Running r = new Running(lease, Thread.currentThread(), ticker);
    String key = lease.job() + "/" + lease.task() + "/" + lease.receipt();
    running.put(key, r);
    try {
      appendEvent(lease, TaskEvents.started(lease, clock.instant()));
      TaskPayload payload = TaskPayload.fromJson(lease.payload());
      r.kind = payload.kind().id();
      WorkerMetrics.started(r.kind);
      if (payload.kind() == dev.trainyard.cluster.task.TaskKind.PS_WORKER && lease.attempt() > 1) {
        // its peers trained on without it; the coordinator restarts the whole unit as a new generation
        failAttempt(r, new IllegalStateException("a redelivered parameter-server worker cannot rejoin its peers"));
        return;
      }
      long start = ticker.nanos();
      java.time.Instant startedAt = clock.instant();
      String result = runner.run(payload, config.threadsPerTask(), progress(r), config.id().value());
      store(r, TaskResult.withTimes(result, startedAt, clock.instant()), (ticker.nanos() - start) / 1e9);
      WorkerMetrics.succeeded(r.kind, r.ran(ticker));
    } catch (InvalidInputException e) {
      store(r, TaskResult.permanentError(e.getMessage(), config.id().value()).toJson(), 0);
      WorkerMetrics.failed(r.kind, FailOutcome.DEAD_LETTERED, r.ran(ticker));
    } catch (RuntimeException | Error e) {
      r.finish();
      Thread.interrupted();
      if (r.stopped != null) {
        LOG.info("task {}/{} stopped: {}", lease.job(), lease.task(), r.stopped);
        WorkerMetrics.stopped(r.kind);
      } else {
        failAttempt(r, e);
      }
    } finally {
      running.remove(key);
    }
  }

  private void store(Running r, String result, double seconds) {
    r.finish(); // from here on the heartbeat leaves this task alone: its result is being stored
    Thread.interrupted(); // a stop that came as the task finished must not break the broker call
    Lease lease = r.lease;
    CompleteOutcome outcome = queue.complete(lease, result);
    done.incrementAndGet();
    if (outcome == CompleteOutcome.STORED) {
      appendEvent(lease, TaskEvents.done(lease, seconds, clock.instant()));
    } else {
      LOG.info("result of {}/{} (attempt {}) dropped: {}", lease.job(), lease.task(), lease.attempt(), outcome);
      appendEvent(lease, TaskEvents.dropped(lease, outcome.name().toLowerCase(java.util.Locale.ROOT)));
    }
  }

  private void failAttempt(Running r, Throwable e) {
    Lease lease = r.lease;
    String error = dev.trainyard.cluster.task.Failures.describe(e);
    LOG.warn("task {}/{} attempt {} failed", lease.job(), lease.task(), lease.attempt(), e);
    try {
      FailOutcome f = queue.fail(lease, error);
      WorkerMetrics.failed(r.kind, f, r.ran(ticker));
      if (f != FailOutcome.STALE_IGNORED) {
        appendEvent(lease, TaskEvents.failed(lease, error, f == FailOutcome.DEAD_LETTERED));
      }
    } catch (RuntimeException broker) {
      LOG.warn("cannot report the failure of {}/{}; its lease will expire", lease.job(), lease.task(), broker);
    }
  }

  private ProgressListener progress(Running r) {
    return p -> {
      long now = ticker.nanos();
      if (p.done() < p.total() && now - r.lastProgress < PROGRESS_EVERY_NANOS && Double.isNaN(p.loss())) {
        return;
      }
      r.lastProgress = now;
      appendEvent(r.lease, TaskEvents.progress(r.lease, r.lease.task().value(), p));
    };
  }

  private void appendEvent(Lease lease, String body) {
    try {
      queue.appendEvent(lease.job(), body);
    } catch (RuntimeException e) {
      LOG.debug("event for {} not sent: {}", lease.job(), e.toString());
    }
  }

  private void heartbeatAll() {
    for (Running r : running.values()) {
      try {
        if (r.finished()) {
          continue;
        }
        HeartbeatOutcome h = queue.heartbeat(r.lease);
        if (h != HeartbeatOutcome.EXTENDED
            && r.stop(h == HeartbeatOutcome.CANCELLED ? "cancelled" : "lease lost to another worker")) {
          LOG.info("stopping {}/{}: {}", r.lease.job(), r.lease.task(), r.stopped);
        }
      } catch (RuntimeException e) {
        LOG.warn("heartbeat of {}/{} failed: {}", r.lease.job(), r.lease.task(), e.toString());
      }
    }
  }

  /**
   * One running task. The heartbeat thread may stop it (set {@code stopped} once and interrupt its
   * thread) only until the slot marks it finished, which it does before storing the result, so an
   * interrupt never reaches a slot that has moved on (a completed task heartbeats as LOST).
   */
  private static final class Running {
    final Lease lease;
    final Thread thread;
    volatile String stopped;
    volatile long lastProgress;
    @GuardedBy("this")
    private boolean finished;

    /** The payload's task kind, for the meters; set once the payload is read. */
    volatile String kind = "unknown";
    private final long leasedAt;

    Running(Lease lease, Thread thread, Ticker ticker) {
      this.lease = lease;
      this.thread = thread;
      this.leasedAt = ticker.nanos();
    }

    Duration ran(Ticker ticker) {
      return Duration.ofNanos(ticker.nanos() - leasedAt);
    }

    synchronized void finish() {
      finished = true;
    }

    synchronized boolean finished() {
      return finished;
    }

    /** Stops the task unless it already finished or was stopped; true when this call stopped it. */
    synchronized boolean stop(String why) {
      if (finished || stopped != null) {
        return false;
      }
      stopped = why;
      thread.interrupt();
      return true;
    }
  }
}
