package dev.trainyard.ml.als;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the blocks of a half-step on an executor: up to {@code threads} participants (the calling
 * thread is one, so a busy executor slows a half-step down but cannot deadlock it) claim blocks one
 * at a time, each with its own workspace. Block results are kept per block and summed in block
 * order, so the total does not depend on who ran what. One instance serves one training run; not
 * thread-safe.
 */
final class BlockRunner {
  /** One block's work; returns its share of a sum (e.g. squared residuals). */
  @FunctionalInterface
  interface BlockTask {
    double run(int block, AlsHalfStep.Workspace ws);
  }

  private final ExecutorService executor;
  private final AlsHalfStep.Workspace[] workspaces;

  BlockRunner(ExecutorService executor, int threads, int rank, boolean biases) {
    this.executor = executor;
    this.workspaces = new AlsHalfStep.Workspace[threads];
    for (int t = 0; t < threads; t++) {
      workspaces[t] = new AlsHalfStep.Workspace(rank, biases);
    }
  }

  /** Runs blocks {@code 0..blocks-1} and returns the sum of their results, in block order. */
  double runAll(int blocks, BlockTask task) {
    Job job = new Job(blocks, task);
    int helpers = Math.min(workspaces.length, blocks) - 1;
    for (int h = 0; h < helpers; h++) {
      executor.execute(job);
    }
    job.participate(0);
    job.await();
    double sum = 0;
    for (double r : job.results) {
      sum += r;
    }
    return sum;
  }

  /** One half-step; a helper that starts after every block was claimed does nothing. */
  private final class Job implements Runnable {
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger participants = new AtomicInteger(1);
    private final CountDownLatch done;
    private final BlockTask task;
    private final double[] results;
    private volatile Throwable failure;

    Job(int blocks, BlockTask task) {
      this.done = new CountDownLatch(blocks);
      this.task = task;
      this.results = new double[blocks];
    }

    @Override
    public void run() {
      participate(participants.getAndIncrement());
    }

    void participate(int participant) {
      int b;
      while ((b = next.getAndIncrement()) < results.length) {
        try {
          results[b] = task.run(b, workspaces[participant]);
        } catch (RuntimeException | Error e) {
          failure = e;
        } finally {
          done.countDown();
        }
      }
    }

    void await() {
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted during an ALS half-step");
      }
      Throwable f = failure;
      if (f instanceof RuntimeException re) {
        throw re;
      }
      if (f instanceof Error err) {
        throw err;
      }
    }
  }
}
