package dev.trainyard.ps.server;

import dev.trainyard.ps.server.JobClocks.Waiter;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds pulls back until their job's consistency model lets them read, without holding a gRPC
 * thread: a waiting pull is parked in its {@link JobClocks} and completed by the clock update that
 * frees it, on the injected executor. It fails with DEADLINE_EXCEEDED after the shard's maximum wait
 * or just before the caller's deadline, whichever is sooner, and is forgotten if the caller cancels.
 * Answering a little before the deadline lets the caller read the shard's reason (which worker it
 * waited for) instead of its own bare timeout.
 */
final class PullGate {
  /** How much earlier than the caller's deadline a waiting pull gives up, at most a tenth of the time left. */
  static final Duration DEADLINE_HEADROOM = Duration.ofMillis(200);

  private final ScheduledExecutorService executor;
  private final Duration maxWait;

  PullGate(ScheduledExecutorService executor, Duration maxWait) {
    this.executor = executor;
    this.maxWait = maxWait;
  }

  /** Runs {@code read} (which answers {@code obs}) once {@code worker} of {@code job} may read. */
  <R> void whenReadable(JobClocks job, int worker, String what, StreamObserver<R> obs, Runnable read) {
    ServerCallStreamObserver<R> call = (ServerCallStreamObserver<R>) obs;
    // Set on the gRPC thread, read on whichever thread delivers the cancellation.
    AtomicReference<Waiter> parked = new AtomicReference<>();
    call.setOnCancelHandler(() -> {
      Waiter w = parked.get();
      if (w != null && w.claim()) {
        job.forget(w);
      }
    });
    Waiter w = job.whenReadable(worker, read, () -> obs.onError(Status.UNAVAILABLE
        .withDescription(what + " was waiting when the shard stopped; retry on the restarted shard")
        .asRuntimeException()));
    if (w == null) {
      return;
    }
    parked.set(w);
    long waitNanos = waitNanos();
    ScheduledFuture<?> timer = executor.schedule(() -> expire(job, w, what, waitNanos, obs),
        waitNanos, TimeUnit.NANOSECONDS);
    w.attachTimer(timer);
  }

  private <R> void expire(JobClocks job, Waiter w, String what, long waitNanos, StreamObserver<R> obs) {
    if (!w.claim()) {
      return;
    }
    job.forget(w);
    obs.onError(Status.DEADLINE_EXCEEDED.withDescription(what + " waited " + Duration.ofNanos(waitNanos)
        + " for " + job.slowest(w)).asRuntimeException());
  }

  /** Runs freed waiters on the executor, so the clock update that freed them answers at once. */
  void release(List<Waiter> ready) {
    for (Waiter w : ready) {
      executor.execute(() -> {
        if (w.claim()) {
          w.cancelTimer();
          w.ready.run();
        }
      });
    }
  }

  /** Fails every waiting pull of {@code jobs} with UNAVAILABLE: the shard is stopping. */
  void abortAll(List<JobClocks> jobs) {
    for (JobClocks job : jobs) {
      for (Waiter w : job.drain()) {
        if (w.claim()) {
          w.cancelTimer();
          w.abort.run();
        }
      }
    }
  }

  private long waitNanos() {
    long nanos = maxWait.toNanos();
    Deadline d = Context.current().getDeadline();
    if (d != null) {
      long left = Math.max(0, d.timeRemaining(TimeUnit.NANOSECONDS));
      nanos = Math.min(nanos, left - Math.min(DEADLINE_HEADROOM.toNanos(), left / 10));
    }
    return nanos;
  }
}
