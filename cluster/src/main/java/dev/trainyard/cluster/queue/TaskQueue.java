package dev.trainyard.cluster.queue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The task plane (DESIGN.md §1): one named queue of tasks with priorities, leases (ack-late),
 * retries with exponential backoff, dead letters, a result backend and per-job event streams.
 *
 * <p>Delivery is at-least-once: a lease that is not extended by {@link #heartbeat} within its
 * duration is redelivered to another worker, so tasks must be idempotent; {@link #complete} stores
 * the first result for a (job, task) and drops the rest. A task is acknowledged only when its result
 * is stored, it fails for good, or it is cancelled. Each delivery counts as an attempt; a task whose
 * attempts are used up goes to the dead-letter list, including when its last lease expired.
 *
 * <p>Implementations are thread-safe; arguments are never null. All times come from the injected
 * {@link java.time.Clock} unless an implementation documents otherwise. Broker failures surface as
 * unchecked exceptions from the implementation's client (transient: retry with backoff).
 */
public interface TaskQueue extends AutoCloseable {

  /** Adds a task; idempotent by task id (a known id, in any state, changes nothing). */
  EnqueueOutcome enqueue(TaskSpec task);

  /**
   * Hands the next available task to {@code worker} for {@code duration}: highest priority first,
   * FIFO within a priority, expired leases before fresh tasks of the same priority. Empty when
   * nothing is available now (delayed tasks wait in the broker until due).
   */
  Optional<Lease> lease(WorkerId worker, Duration duration);

  /** Extends a lease by its duration from now, or tells the worker to stop (cancelled, lost). */
  HeartbeatOutcome heartbeat(Lease lease);

  /** Stores the result, then acknowledges the task; a second result for the same task is dropped. */
  CompleteOutcome complete(Lease lease, String result);

  /** Records a failed attempt: retried after backoff, or dead-lettered with {@code error} when it was the last. */
  FailOutcome fail(Lease lease, String error);

  /** Cancels one task: waiting ones are removed, leased ones marked for their worker's next heartbeat. */
  CancelOutcome cancel(TaskId task);

  /** Cancels every active task of a job; returns how many were removed or marked. */
  int cancelJob(JobId job);

  /** The stored result of a task, if any. */
  Optional<String> result(JobId job, TaskId task);

  /** Dead letters, oldest first, at most {@code max}. */
  List<DeadLetter> deadLetters(int max);

  /** Tasks ready to lease now (not delayed, not leased) per priority; every priority is present. */
  Map<Priority, Long> depth();

  /** Appends an event to the job's progress stream and returns its offset (1, 2, 3, ...). */
  long appendEvent(JobId job, String body);

  /** Events of a job with offset greater than {@code afterOffset}, in order, at most {@code max}. */
  List<JobEvent> eventsAfter(JobId job, long afterOffset, int max);

  /** Releases broker connections; the in-process queue has nothing to release. */
  @Override
  void close();
}
