package dev.trainyard.cluster.queue.memory;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.trainyard.cluster.queue.CancelOutcome;
import dev.trainyard.cluster.queue.CompleteOutcome;
import dev.trainyard.cluster.queue.DeadLetter;
import dev.trainyard.cluster.queue.EnqueueOutcome;
import dev.trainyard.cluster.queue.FailOutcome;
import dev.trainyard.cluster.queue.HeartbeatOutcome;
import dev.trainyard.cluster.queue.JobEvent;
import dev.trainyard.cluster.queue.JobId;
import dev.trainyard.cluster.queue.Lease;
import dev.trainyard.cluster.queue.Priority;
import dev.trainyard.cluster.queue.RetryPolicy;
import dev.trainyard.cluster.queue.TaskId;
import dev.trainyard.cluster.queue.TaskQueue;
import dev.trainyard.cluster.queue.TaskSpec;
import dev.trainyard.cluster.queue.WorkerId;
import dev.trainyard.common.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The embedded {@link TaskQueue}: thread-safe (one lock), nothing survives the JVM. Lease expiry,
 * delays and backoff all follow the injected {@link Clock}, so tests drive it with a fake clock.
 */
public final class InMemoryTaskQueue implements TaskQueue {
  private enum State { READY, DELAYED, LEASED, DONE, DEAD, CANCELLED }

  /** Mutable bookkeeping for one task; only touched while holding {@code lock}. */
  private static final class Task {
    final TaskSpec spec;
    final long seq;
    State state;
    int attempt;
    long delivery;
    WorkerId worker;
    Duration leaseDuration;
    Instant leaseDeadline;
    Instant dueAt;
    String lastError = "";

    Task(TaskSpec spec, long seq) {
      this.spec = spec;
      this.seq = seq;
    }
  }

  private final Object lock = new Object();
  private final Clock clock;
  private final RetryPolicy retry;

  @GuardedBy("lock")
  private final Map<TaskId, Task> tasks = new HashMap<>();
  @GuardedBy("lock")
  private final Map<Priority, ArrayDeque<Task>> ready = new EnumMap<>(Priority.class);
  @GuardedBy("lock")
  private final TreeSet<Task> delayed =
      new TreeSet<>(Comparator.comparing((Task t) -> t.dueAt).thenComparingLong(t -> t.seq));
  @GuardedBy("lock")
  private final Map<TaskId, Task> leased = new LinkedHashMap<>();
  @GuardedBy("lock")
  private final Map<JobId, Map<TaskId, String>> results = new HashMap<>();
  @GuardedBy("lock")
  private final List<DeadLetter> dead = new ArrayList<>();
  @GuardedBy("lock")
  private final Map<JobId, List<JobEvent>> events = new HashMap<>();
  @GuardedBy("lock")
  private long nextSeq;
  @GuardedBy("lock")
  private long nextDelivery;

  public InMemoryTaskQueue(Clock clock, RetryPolicy retry) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retry = Objects.requireNonNull(retry, "retry");
    for (Priority p : Priority.values()) {
      ready.put(p, new ArrayDeque<>());
    }
  }

  @Override
  public EnqueueOutcome enqueue(TaskSpec spec) {
    Objects.requireNonNull(spec, "task");
    synchronized (lock) {
      if (tasks.containsKey(spec.id())) {
        return EnqueueOutcome.ALREADY_KNOWN;
      }
      Task t = new Task(spec, nextSeq++);
      tasks.put(spec.id(), t);
      Instant now = clock.instant();
      if (spec.notBefore().isPresent() && spec.notBefore().get().isAfter(now)) {
        delay(t, spec.notBefore().get());
      } else {
        makeReady(t);
      }
      return EnqueueOutcome.ENQUEUED;
    }
  }

  @Override
  public Optional<Lease> lease(WorkerId worker, Duration duration) {
    Objects.requireNonNull(worker, "worker");
    requirePositive(duration);
    synchronized (lock) {
      Instant now = clock.instant();
      promoteDue(now);
      for (Priority p : Priority.highestFirst()) {
        Optional<Lease> l = leaseFrom(p, worker, duration, now);
        if (l.isPresent()) {
          return l;
        }
      }
      return Optional.empty();
    }
  }

  @GuardedBy("lock")
  private Optional<Lease> leaseFrom(Priority p, WorkerId worker, Duration duration, Instant now) {
    while (true) {
      Task t = firstExpired(p, now);
      if (t == null) {
        t = ready.get(p).pollFirst();
      }
      if (t == null) {
        return Optional.empty();
      }
      if (t.attempt >= t.spec.maxAttempts()) {
        // Its last delivery expired without an answer: that attempt counts as failed.
        leased.remove(t.spec.id());
        deadLetter(t, "lease expired on attempt " + t.attempt + " of " + t.spec.maxAttempts());
        continue;
      }
      t.state = State.LEASED;
      t.attempt++;
      t.delivery = nextDelivery++;
      t.worker = worker;
      t.leaseDuration = duration;
      t.leaseDeadline = now.plus(duration);
      leased.put(t.spec.id(), t);
      return Optional.of(toLease(t));
    }
  }

  @GuardedBy("lock")
  private Task firstExpired(Priority p, Instant now) {
    for (Task t : leased.values()) {
      if (t.spec.priority() == p && !t.leaseDeadline.isAfter(now)) {
        leased.remove(t.spec.id());
        if (t.state == State.CANCELLED) {
          return firstExpired(p, now);
        }
        return t;
      }
    }
    return null;
  }

  @Override
  public HeartbeatOutcome heartbeat(Lease lease) {
    synchronized (lock) {
      Task t = tasks.get(lease.task());
      Instant now = clock.instant();
      if (t != null && t.state == State.CANCELLED && ownsDelivery(t, lease)) {
        leased.remove(t.spec.id());
        return HeartbeatOutcome.CANCELLED;
      }
      // A lease past its deadline is still this worker's until another worker takes the task, as
      // in Redis where expiry is only acted on when a claimer finds the entry idle.
      if (t == null || t.state != State.LEASED || !ownsDelivery(t, lease)) {
        return HeartbeatOutcome.LOST;
      }
      t.leaseDeadline = now.plus(t.leaseDuration);
      return HeartbeatOutcome.EXTENDED;
    }
  }

  @Override
  public CompleteOutcome complete(Lease lease, String result) {
    Objects.requireNonNull(result, "result");
    synchronized (lock) {
      Task t = tasks.get(lease.task());
      if (t != null && t.state == State.CANCELLED) {
        leased.remove(t.spec.id());
        return CompleteOutcome.CANCELLED;
      }
      Map<TaskId, String> byTask = results.computeIfAbsent(lease.job(), j -> new HashMap<>());
      if (byTask.putIfAbsent(lease.task(), result) != null) {
        return CompleteOutcome.DUPLICATE_DROPPED;
      }
      if (t != null) {
        unqueue(t);
        leased.remove(t.spec.id());
        t.state = State.DONE;
      }
      return CompleteOutcome.STORED;
    }
  }

  @Override
  public FailOutcome fail(Lease lease, String error) {
    Objects.requireNonNull(error, "error");
    synchronized (lock) {
      Task t = tasks.get(lease.task());
      if (t == null || t.state != State.LEASED || !ownsDelivery(t, lease)) {
        return FailOutcome.STALE_IGNORED;
      }
      leased.remove(t.spec.id());
      t.lastError = error;
      if (t.attempt >= t.spec.maxAttempts()) {
        deadLetter(t, error);
        return FailOutcome.DEAD_LETTERED;
      }
      delay(t, clock.instant().plus(retry.backoffAfter(t.attempt)));
      return FailOutcome.RETRY_SCHEDULED;
    }
  }

  @Override
  public CancelOutcome cancel(TaskId task) {
    Objects.requireNonNull(task, "task");
    synchronized (lock) {
      Task t = tasks.get(task);
      if (t == null) {
        return CancelOutcome.UNKNOWN;
      }
      switch (t.state) {
        case READY, DELAYED -> {
          unqueue(t);
          t.state = State.CANCELLED;
          return CancelOutcome.REMOVED;
        }
        case LEASED -> {
          // Stays in `leased` so an expired lease is dropped rather than redelivered.
          t.state = State.CANCELLED;
          return CancelOutcome.MARKED;
        }
        default -> {
          return CancelOutcome.NOT_ACTIVE;
        }
      }
    }
  }

  @Override
  public int cancelJob(JobId job) {
    Objects.requireNonNull(job, "job");
    synchronized (lock) {
      List<TaskId> ids = new ArrayList<>();
      for (Task t : tasks.values()) {
        if (t.spec.job().equals(job)) {
          ids.add(t.spec.id());
        }
      }
      int n = 0;
      for (TaskId id : ids) {
        CancelOutcome o = cancel(id);
        if (o == CancelOutcome.REMOVED || o == CancelOutcome.MARKED) {
          n++;
        }
      }
      return n;
    }
  }

  @Override
  public Optional<String> result(JobId job, TaskId task) {
    synchronized (lock) {
      return Optional.ofNullable(results.getOrDefault(job, Map.of()).get(task));
    }
  }

  @Override
  public List<DeadLetter> deadLetters(int max) {
    synchronized (lock) {
      return List.copyOf(dead.subList(0, Math.min(Math.max(max, 0), dead.size())));
    }
  }

  @Override
  public Map<Priority, Long> depth() {
    synchronized (lock) {
      promoteDue(clock.instant());
      Map<Priority, Long> d = new EnumMap<>(Priority.class);
      ready.forEach((p, q) -> d.put(p, (long) q.size()));
      return d;
    }
  }

  @Override
  public long appendEvent(JobId job, String body) {
    Objects.requireNonNull(body, "body");
    synchronized (lock) {
      List<JobEvent> list = events.computeIfAbsent(job, j -> new ArrayList<>());
      long offset = list.size() + 1L;
      list.add(new JobEvent(offset, body));
      return offset;
    }
  }

  @Override
  public List<JobEvent> eventsAfter(JobId job, long afterOffset, int max) {
    synchronized (lock) {
      List<JobEvent> list = events.getOrDefault(job, List.of());
      int from = (int) Math.min(Math.max(afterOffset, 0), list.size());
      int to = (int) Math.min((long) from + Math.max(max, 0), list.size());
      return List.copyOf(list.subList(from, to));
    }
  }

  @Override
  public void close() {}

  @GuardedBy("lock")
  private void promoteDue(Instant now) {
    while (!delayed.isEmpty() && !delayed.first().dueAt.isAfter(now)) {
      makeReady(delayed.pollFirst());
    }
  }

  @GuardedBy("lock")
  private void unqueue(Task t) {
    if (t.state == State.READY) {
      ready.get(t.spec.priority()).remove(t);
    } else if (t.state == State.DELAYED) {
      delayed.remove(t);
    }
  }

  @GuardedBy("lock")
  private void makeReady(Task t) {
    t.state = State.READY;
    t.dueAt = null;
    ready.get(t.spec.priority()).addLast(t);
  }

  @GuardedBy("lock")
  private void delay(Task t, Instant due) {
    t.state = State.DELAYED;
    t.dueAt = due;
    delayed.add(t);
  }

  @GuardedBy("lock")
  private void deadLetter(Task t, String error) {
    t.state = State.DEAD;
    t.lastError = error;
    dead.add(new DeadLetter(t.spec.id(), t.spec.job(), t.spec.payload(), t.attempt, error));
  }

  private static boolean ownsDelivery(Task t, Lease lease) {
    return t.worker != null && t.worker.equals(lease.worker())
        && Long.toString(t.delivery).equals(lease.receipt());
  }

  private Lease toLease(Task t) {
    return new Lease(t.spec.id(), t.spec.job(), t.spec.priority(), t.spec.payload(), t.attempt,
        t.spec.maxAttempts(), t.worker, t.leaseDuration, Long.toString(t.delivery));
  }

  static void requirePositive(Duration d) {
    Objects.requireNonNull(d, "duration");
    if (d.isNegative() || d.isZero()) {
      throw new InvalidInputException("lease duration must be positive, was " + d);
    }
  }
}
