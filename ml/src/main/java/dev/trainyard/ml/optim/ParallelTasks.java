package dev.trainyard.ml.optim;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks {@code 0..n-1} on the calling thread and up to a given number of executor helpers.
 * Tasks are claimed one at a time by whoever is free, so a helper that starts late finds none left,
 * and since the caller works too a saturated executor slows a run down but cannot deadlock it. Task
 * i's result is stored at index i, so callers combine results in a fixed order whoever ran what.
 * Stateless and thread-safe.
 */
public final class ParallelTasks {
  /** One task of a run. */
  @FunctionalInterface
  public interface Task {
    /**
     * Runs task {@code task} and returns its result. {@code participant} is 0 for the calling thread
     * and 1, 2, ... for helpers in the order they start; it is unique among concurrent calls, so
     * per-thread scratch can be indexed with it.
     */
    double run(int task, int participant);
  }

  private ParallelTasks() {}

  /**
   * Runs tasks {@code 0..tasks-1}, writing each result into {@code results[task]}, with
   * {@code helpers} extra participants on {@code executor}. Returns when every task has finished;
   * rethrows a task's {@link RuntimeException} or {@link Error} then.
   *
   * @throws InterruptedException if the calling thread is interrupted while waiting for helpers
   */
  public static void run(ExecutorService executor, int helpers, int tasks, double[] results, Task task)
      throws InterruptedException {
    Job job = new Job(tasks, results, task);
    for (int h = 0; h < helpers; h++) {
      executor.execute(job);
    }
    job.participate(0);
    job.done.await();
    Throwable f = job.failure;
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
  }

  private static final class Job implements Runnable {
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger participants = new AtomicInteger(1);
    private final CountDownLatch done;
    private final int tasks;
    private final double[] results;
    private final Task task;
    private volatile Throwable failure;

    Job(int tasks, double[] results, Task task) {
      this.done = new CountDownLatch(tasks);
      this.tasks = tasks;
      this.results = results;
      this.task = task;
    }

    @Override
    public void run() {
      participate(participants.getAndIncrement());
    }

    void participate(int participant) {
      int t;
      while ((t = next.getAndIncrement()) < tasks) {
        try {
          results[t] = task.run(t, participant);
        } catch (RuntimeException | Error e) {
          failure = e;
        } finally {
          done.countDown();
        }
      }
    }
  }
}
