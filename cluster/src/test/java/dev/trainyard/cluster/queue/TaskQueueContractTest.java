package dev.trainyard.cluster.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TaskQueue} promises (DESIGN.md §4 contract tests). Subclasses supply
 * the queue and say how time passes for leases: the in-process queue follows the fake clock, Redis
 * judges lease idleness by server time.
 */
public abstract class TaskQueueContractTest {
  protected static final RetryPolicy RETRY = new RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(15));
  protected static final Duration LEASE = Duration.ofHours(1);
  protected static final Duration SHORT_LEASE = Duration.ofMillis(300);
  protected static final JobId JOB = new JobId("job-1");
  protected static final WorkerId W1 = new WorkerId("worker-1");
  protected static final WorkerId W2 = new WorkerId("worker-2");

  protected final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  protected TaskQueue queue;

  /** A fresh, empty queue using {@link #clock} and {@link #RETRY}. */
  protected abstract TaskQueue newQueue();

  /** Lets {@code d} pass for lease bookkeeping (fake clock, or real time for server-timed leases). */
  protected abstract void elapseLeaseTime(Duration d);

  @BeforeEach
  void openQueue() {
    queue = newQueue();
  }

  @AfterEach
  void closeQueue() {
    queue.close();
  }

  private static TaskSpec task(String id) {
    return TaskSpec.of(JOB, new TaskId(id), "{\"task\":\"" + id + "\"}");
  }

  private List<String> drain(WorkerId w) {
    List<String> ids = new ArrayList<>();
    for (Optional<Lease> l = queue.lease(w, LEASE); l.isPresent(); l = queue.lease(w, LEASE)) {
      ids.add(l.get().task().value());
    }
    return ids;
  }

  /** Polls for a lease until one arrives or a 5 s deadline passes (for server-timed expiry). */
  private Optional<Lease> awaitLease(WorkerId w, Duration d) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    Optional<Lease> l = queue.lease(w, d);
    while (l.isEmpty() && System.nanoTime() < deadline) {
      elapseLeaseTime(Duration.ofMillis(20));
      l = queue.lease(w, d);
    }
    return l;
  }

  @Test
  void higherPriorityTasksAreLeasedFirst() {
    queue.enqueue(task("low").withPriority(Priority.LOW));
    queue.enqueue(task("normal"));
    queue.enqueue(task("high").withPriority(Priority.HIGH));
    assertThat(drain(W1)).containsExactly("high", "normal", "low");
  }

  @Test
  void tasksOfOnePriorityAreLeasedInEnqueueOrder() {
    for (int i = 0; i < 5; i++) {
      queue.enqueue(task("t" + i));
    }
    assertThat(drain(W1)).containsExactly("t0", "t1", "t2", "t3", "t4");
  }

  @Test
  void enqueueIsIdempotentByTaskId() {
    assertThat(queue.enqueue(task("a"))).isEqualTo(EnqueueOutcome.ENQUEUED);
    assertThat(queue.enqueue(task("a").withPriority(Priority.HIGH))).isEqualTo(EnqueueOutcome.ALREADY_KNOWN);
    assertThat(drain(W1)).containsExactly("a");
  }

  @Test
  void aLeasedTaskCarriesItsSpecAndIsGoneOnceItsResultIsStored() {
    queue.enqueue(task("a").withMaxAttempts(4).withPriority(Priority.HIGH));
    Lease l = queue.lease(W1, LEASE).orElseThrow();
    assertThat(l.task()).isEqualTo(new TaskId("a"));
    assertThat(l.job()).isEqualTo(JOB);
    assertThat(l.payload()).isEqualTo("{\"task\":\"a\"}");
    assertThat(l.attempt()).isEqualTo(1);
    assertThat(l.maxAttempts()).isEqualTo(4);
    assertThat(l.worker()).isEqualTo(W1);
    assertThat(queue.lease(W2, LEASE)).isEmpty();
    assertThat(queue.complete(l, "42")).isEqualTo(CompleteOutcome.STORED);
    assertThat(queue.result(JOB, l.task())).contains("42");
  }

  @Test
  void aCompletedTaskIsNotRedelivered() {
    queue.enqueue(task("a"));
    Lease l = queue.lease(W1, SHORT_LEASE).orElseThrow();
    assertThat(queue.complete(l, "42")).isEqualTo(CompleteOutcome.STORED);
    elapseLeaseTime(SHORT_LEASE.multipliedBy(2));
    assertThat(queue.lease(W2, SHORT_LEASE)).isEmpty();
  }

  @Test
  void expiredLeaseIsRedeliveredToAnotherWorker() {
    queue.enqueue(task("a"));
    Lease first = queue.lease(W1, SHORT_LEASE).orElseThrow();
    assertThat(queue.lease(W2, SHORT_LEASE)).isEmpty();
    elapseLeaseTime(SHORT_LEASE);
    Lease second = awaitLease(W2, SHORT_LEASE).orElseThrow();
    assertThat(second.task()).isEqualTo(first.task());
    assertThat(second.worker()).isEqualTo(W2);
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(queue.heartbeat(first)).isEqualTo(HeartbeatOutcome.LOST);
    assertThat(queue.fail(first, "late")).isEqualTo(FailOutcome.STALE_IGNORED);
  }

  @Test
  void anExpiredLeaseBehindManyLiveOnesIsStillRedelivered() {
    List<Lease> live = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      queue.enqueue(task("live" + i));
    }
    queue.enqueue(task("abandoned"));
    for (int i = 0; i < 25; i++) {
      live.add(queue.lease(W1, SHORT_LEASE).orElseThrow());
    }
    queue.lease(W1, SHORT_LEASE).orElseThrow();
    elapseLeaseTime(SHORT_LEASE);
    for (Lease l : live) {
      assertThat(queue.heartbeat(l)).isEqualTo(HeartbeatOutcome.EXTENDED);
    }
    assertThat(awaitLease(W2, SHORT_LEASE)).map(l -> l.task().value()).contains("abandoned");
  }

  @Test
  void heartbeatExtendsTheLease() {
    Duration lease = Duration.ofMillis(600);
    queue.enqueue(task("a"));
    Lease l = queue.lease(W1, lease).orElseThrow();
    elapseLeaseTime(Duration.ofMillis(400));
    assertThat(queue.heartbeat(l)).isEqualTo(HeartbeatOutcome.EXTENDED);
    elapseLeaseTime(Duration.ofMillis(400));
    assertThat(queue.lease(W2, lease)).isEmpty();
    assertThat(queue.heartbeat(l)).isEqualTo(HeartbeatOutcome.EXTENDED);
    assertThat(queue.complete(l, "done")).isEqualTo(CompleteOutcome.STORED);
  }

  @Test
  void aLateHeartbeatKeepsTheLeaseWhileNoOtherWorkerHasTakenTheTask() {
    queue.enqueue(task("a"));
    Lease l = queue.lease(W1, SHORT_LEASE).orElseThrow();
    elapseLeaseTime(SHORT_LEASE.multipliedBy(2));
    assertThat(queue.heartbeat(l)).isEqualTo(HeartbeatOutcome.EXTENDED);
    assertThat(queue.lease(W2, SHORT_LEASE)).isEmpty();
  }

  @Test
  void concurrentWorkersNeverLeaseTheSameTaskTwice() throws Exception {
    int tasks = 200;
    for (int i = 0; i < tasks; i++) {
      queue.enqueue(task("t" + i).withPriority(Priority.values()[i % 3]));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> perWorker = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        WorkerId worker = new WorkerId("worker-" + w);
        perWorker.add(pool.submit(() -> {
          List<String> mine = new ArrayList<>();
          for (Optional<Lease> l = queue.lease(worker, LEASE); l.isPresent(); l = queue.lease(worker, LEASE)) {
            assertThat(queue.complete(l.get(), "ok")).isEqualTo(CompleteOutcome.STORED);
            mine.add(l.get().task().value());
          }
          return mine;
        }));
      }
      List<String> all = new ArrayList<>();
      for (Future<List<String>> f : perWorker) {
        all.addAll(f.get(20, TimeUnit.SECONDS));
      }
      assertThat(all).hasSize(tasks).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aFailedTaskIsRetriedAfterExponentialBackoffThenDeadLetteredWithItsLastError() {
    queue.enqueue(task("a").withMaxAttempts(3));
    Lease l1 = queue.lease(W1, LEASE).orElseThrow();
    assertThat(queue.fail(l1, "boom 1")).isEqualTo(FailOutcome.RETRY_SCHEDULED);
    clock.advance(Duration.ofSeconds(9));
    assertThat(queue.lease(W1, LEASE)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    Lease l2 = queue.lease(W1, LEASE).orElseThrow();
    assertThat(l2.attempt()).isEqualTo(2);
    assertThat(queue.fail(l2, "boom 2")).isEqualTo(FailOutcome.RETRY_SCHEDULED);
    clock.advance(Duration.ofSeconds(14));
    assertThat(queue.lease(W1, LEASE)).as("second backoff is capped at 15 s, not 20 s").isEmpty();
    clock.advance(Duration.ofSeconds(1));
    Lease l3 = queue.lease(W1, LEASE).orElseThrow();
    assertThat(l3.attempt()).isEqualTo(3);
    assertThat(queue.fail(l3, "boom 3")).isEqualTo(FailOutcome.DEAD_LETTERED);
    clock.advance(Duration.ofHours(1));
    assertThat(queue.lease(W1, LEASE)).isEmpty();
    assertThat(queue.deadLetters(10)).containsExactly(
        new DeadLetter(new TaskId("a"), JOB, "{\"task\":\"a\"}", 3, "boom 3"));
  }

  @Test
  void aTaskWhoseLastLeaseExpiresIsDeadLettered() {
    queue.enqueue(task("a").withMaxAttempts(1));
    queue.lease(W1, SHORT_LEASE).orElseThrow();
    elapseLeaseTime(SHORT_LEASE.multipliedBy(2));
    assertThat(queue.lease(W2, SHORT_LEASE)).isEmpty();
    assertThat(queue.deadLetters(10)).extracting(DeadLetter::lastError)
        .containsExactly("lease expired on attempt 1 of 1");
  }

  @Test
  void delayedTasksAreNotLeasedBeforeTheirTime() {
    queue.enqueue(task("later").withNotBefore(clock.instant().plusSeconds(60)));
    queue.enqueue(task("now"));
    assertThat(drain(W1)).containsExactly("now");
    assertThat(queue.depth().get(Priority.NORMAL)).isZero();
    clock.advance(Duration.ofSeconds(59));
    assertThat(queue.lease(W1, LEASE)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(drain(W1)).containsExactly("later");
  }

  @Test
  void cancellingAQueuedTaskRemovesIt() {
    queue.enqueue(task("a"));
    queue.enqueue(task("b").withNotBefore(clock.instant().plusSeconds(5)));
    assertThat(queue.cancel(new TaskId("a"))).isEqualTo(CancelOutcome.REMOVED);
    assertThat(queue.cancel(new TaskId("b"))).isEqualTo(CancelOutcome.REMOVED);
    assertThat(queue.cancel(new TaskId("a"))).isEqualTo(CancelOutcome.NOT_ACTIVE);
    assertThat(queue.cancel(new TaskId("nope"))).isEqualTo(CancelOutcome.UNKNOWN);
    clock.advance(Duration.ofSeconds(10));
    assertThat(drain(W1)).isEmpty();
  }

  @Test
  void cancellingALeasedTaskTellsItsWorkerAtTheNextHeartbeat() {
    queue.enqueue(task("a"));
    Lease l = queue.lease(W1, SHORT_LEASE).orElseThrow();
    assertThat(queue.cancel(l.task())).isEqualTo(CancelOutcome.MARKED);
    assertThat(queue.heartbeat(l)).isEqualTo(HeartbeatOutcome.CANCELLED);
    assertThat(queue.complete(l, "too late")).isEqualTo(CompleteOutcome.CANCELLED);
    assertThat(queue.result(JOB, l.task())).isEmpty();
    elapseLeaseTime(SHORT_LEASE.multipliedBy(2));
    assertThat(queue.lease(W2, SHORT_LEASE)).as("a cancelled task is never redelivered").isEmpty();
  }

  @Test
  void cancellingAJobRemovesItsQueuedTasksAndMarksItsLeasedOnes() {
    queue.enqueue(task("a"));
    queue.enqueue(task("b"));
    queue.enqueue(TaskSpec.of(new JobId("other"), new TaskId("c"), "{}"));
    Lease a = queue.lease(W1, LEASE).orElseThrow();
    assertThat(queue.cancelJob(JOB)).isEqualTo(2);
    assertThat(queue.heartbeat(a)).isEqualTo(HeartbeatOutcome.CANCELLED);
    assertThat(drain(W2)).containsExactly("c");
  }

  @Test
  void aDuplicateResultForTheSameTaskIsDropped() {
    queue.enqueue(task("a"));
    Lease first = queue.lease(W1, SHORT_LEASE).orElseThrow();
    elapseLeaseTime(SHORT_LEASE);
    Lease second = awaitLease(W2, SHORT_LEASE).orElseThrow();
    assertThat(queue.complete(second, "from w2")).isEqualTo(CompleteOutcome.STORED);
    assertThat(queue.complete(first, "from w1")).isEqualTo(CompleteOutcome.DUPLICATE_DROPPED);
    assertThat(queue.result(JOB, first.task())).contains("from w2");
  }

  @Test
  void eventsAreReadBackInOrderFromAnOffset() {
    JobId other = new JobId("job-2");
    for (int i = 1; i <= 5; i++) {
      assertThat(queue.appendEvent(JOB, "{\"iteration\":" + i + "}")).isEqualTo(i);
    }
    queue.appendEvent(other, "elsewhere");
    assertThat(queue.eventsAfter(JOB, 0, 100)).extracting(JobEvent::body).containsExactly(
        "{\"iteration\":1}", "{\"iteration\":2}", "{\"iteration\":3}", "{\"iteration\":4}", "{\"iteration\":5}");
    assertThat(queue.eventsAfter(JOB, 3, 1)).containsExactly(new JobEvent(4, "{\"iteration\":4}"));
    assertThat(queue.eventsAfter(JOB, 5, 10)).isEmpty();
    assertThat(queue.eventsAfter(new JobId("none"), 0, 10)).isEmpty();
  }

  @Test
  void depthCountsReadyTasksPerPriority() {
    queue.enqueue(task("h").withPriority(Priority.HIGH));
    queue.enqueue(task("n1"));
    queue.enqueue(task("n2"));
    queue.enqueue(task("d").withNotBefore(clock.instant().plusSeconds(5)));
    assertThat(queue.depth()).isEqualTo(Map.of(Priority.HIGH, 1L, Priority.NORMAL, 2L, Priority.LOW, 0L));
    queue.lease(W1, LEASE).orElseThrow();
    queue.lease(W1, LEASE).orElseThrow();
    clock.advance(Duration.ofSeconds(5));
    assertThat(queue.depth()).isEqualTo(Map.of(Priority.HIGH, 0L, Priority.NORMAL, 2L, Priority.LOW, 0L));
  }

  @Test
  void aNonPositiveLeaseIsRejectedNamingTheRule() {
    assertThatThrownBy(() -> queue.lease(W1, Duration.ZERO))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("lease duration must be positive, was PT0S");
  }
}
