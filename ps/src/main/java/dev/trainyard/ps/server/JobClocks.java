package dev.trainyard.ps.server;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.trainyard.rpc.v1.Consistency;
import dev.trainyard.rpc.v1.JobStats;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The clocks of one job's workers on this shard, and the pulls waiting for them. A worker at clock
 * {@code c} may read once the slowest live worker is at {@code >= c} (BSP), {@code >= c - s} (SSP) or
 * at once (ASP). Workers {@code 0 .. numWorkers-1} all count from the start (an unregistered one is
 * at clock 0) until removed. Thread-safe.
 */
final class JobClocks {
  final String jobId;
  final int numWorkers;
  final Consistency consistency;
  final int staleness;
  private final Object lock = new Object();

  @GuardedBy("lock")
  private final long[] clocks;

  @GuardedBy("lock")
  private final boolean[] registered;

  @GuardedBy("lock")
  private final boolean[] removed;

  @GuardedBy("lock")
  private final List<Waiter> waiters = new ArrayList<>();

  JobClocks(String jobId, int numWorkers, Consistency consistency, int staleness) {
    this.jobId = jobId;
    this.numWorkers = numWorkers;
    this.consistency = consistency;
    this.staleness = consistency == Consistency.SSP ? staleness : 0;
    this.clocks = new long[numWorkers];
    this.registered = new boolean[numWorkers];
    this.removed = new boolean[numWorkers];
  }

  /** A pull waiting to run; runs at most once, either ready or expired. */
  static final class Waiter {
    final long required;
    final Runnable ready;
    final Runnable abort;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile ScheduledFuture<?> timer;

    Waiter(long required, Runnable ready, Runnable abort) {
      this.required = required;
      this.ready = ready;
      this.abort = abort;
    }

    /** True for exactly one caller: the one that may finish this waiter. */
    boolean claim() {
      return done.compareAndSet(false, true);
    }

    void attachTimer(ScheduledFuture<?> t) {
      timer = t;
      if (done.get()) {
        t.cancel(false);
      }
    }

    void cancelTimer() {
      ScheduledFuture<?> t = timer;
      if (t != null) {
        t.cancel(false);
      }
    }
  }

  /** Registers (or re-registers) {@code worker}; returns its clock. */
  long register(int worker) {
    synchronized (lock) {
      registered[worker] = true;
      removed[worker] = false;
      return clocks[worker];
    }
  }

  void requireRegistered(int worker) {
    synchronized (lock) {
      if (worker < 0 || worker >= numWorkers || !registered[worker] || removed[worker]) {
        throw Rejections.invalid("worker " + worker + " is not registered for job '" + jobId + "'");
      }
    }
  }

  /** Sets a worker's clock; returns the waiters that became ready (the caller runs them). */
  List<Waiter> setClock(int worker, long clock) {
    synchronized (lock) {
      requireRegistered(worker);
      if (clock < clocks[worker]) {
        throw Rejections.invalid("clock of worker " + worker + " of job '" + jobId + "' must not go backwards: is "
            + clocks[worker] + ", was set to " + clock);
      }
      clocks[worker] = clock;
      return readyWaiters();
    }
  }

  /** Removes a worker from the clock set; returns the waiters that became ready. */
  List<Waiter> remove(int worker) {
    synchronized (lock) {
      requireRegistered(worker);
      removed[worker] = true;
      return readyWaiters();
    }
  }

  long minClock() {
    synchronized (lock) {
      return minLive();
    }
  }

  /**
   * Runs {@code ready} now when {@code worker} may read, else queues it and returns its waiter. The
   * clock required is the worker's own clock minus the staleness (BSP: staleness 0).
   */
  Waiter whenReadable(int worker, Runnable ready, Runnable abort) {
    synchronized (lock) {
      requireRegistered(worker);
      long required = clocks[worker] - staleness;
      if (consistency != Consistency.ASP && minLive() < required) {
        Waiter w = new Waiter(required, ready, abort);
        waiters.add(w);
        return w;
      }
    }
    ready.run();
    return null;
  }

  /** Removes and returns every waiter (the shard is stopping). */
  List<Waiter> drain() {
    synchronized (lock) {
      List<Waiter> all = new ArrayList<>(waiters);
      waiters.clear();
      return all;
    }
  }

  /** Forgets a waiter (expired or cancelled); the caller has claimed it. */
  void forget(Waiter w) {
    synchronized (lock) {
      waiters.remove(w);
    }
  }

  /** Why a waiter is still waiting, for its timeout message. */
  String slowest(Waiter w) {
    synchronized (lock) {
      int slow = -1;
      for (int i = 0; i < numWorkers; i++) {
        if (!removed[i] && (slow < 0 || clocks[i] < clocks[slow])) {
          slow = i;
        }
      }
      return "the slowest worker to reach clock " + w.required + " (" + consistency + ", staleness " + staleness
          + "); worker " + slow + " is at clock " + (slow < 0 ? -1 : clocks[slow]);
    }
  }

  @GuardedBy("lock")
  private long minLive() {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < numWorkers; i++) {
      if (!removed[i]) {
        min = Math.min(min, clocks[i]);
      }
    }
    return min;
  }

  @GuardedBy("lock")
  private List<Waiter> readyWaiters() {
    long min = minLive();
    List<Waiter> ready = new ArrayList<>();
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.required <= min) {
        it.remove();
        ready.add(w);
      }
    }
    return ready;
  }

  JobStats stats() {
    synchronized (lock) {
      JobStats.Builder b = JobStats.newBuilder().setJobId(jobId).setConsistency(consistency)
          .setStaleness(staleness).setMinClock(minLive()).setWaitingPulls(waiters.size());
      for (long c : clocks) {
        b.addClocks(c);
      }
      return b.build();
    }
  }

  void write(DataOutputStream out) throws IOException {
    synchronized (lock) {
      out.writeUTF(jobId);
      out.writeInt(numWorkers);
      out.writeInt(consistency.getNumber());
      out.writeInt(staleness);
      for (int i = 0; i < numWorkers; i++) {
        out.writeLong(clocks[i]);
        out.writeBoolean(registered[i]);
        out.writeBoolean(removed[i]);
      }
    }
  }

  static JobClocks read(DataInputStream in) throws IOException {
    JobClocks j = new JobClocks(in.readUTF(), in.readInt(), Consistency.forNumber(in.readInt()), in.readInt());
    synchronized (j.lock) {
      for (int i = 0; i < j.numWorkers; i++) {
        j.clocks[i] = in.readLong();
        j.registered[i] = in.readBoolean();
        j.removed[i] = in.readBoolean();
      }
    }
    return j;
  }
}
