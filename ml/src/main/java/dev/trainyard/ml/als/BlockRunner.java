package dev.trainyard.ml.als;

import dev.trainyard.ml.optim.ParallelTasks;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;

/**
 * Runs the blocks of a half-step on an executor through {@link ParallelTasks}: up to
 * {@code threads} participants (the calling thread is one) claim blocks one at a time, each with
 * its own workspace. Block results are kept per block and summed in block order, so the total does
 * not depend on who ran what. One instance serves one training run; not thread-safe.
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
    double[] results = new double[blocks];
    int helpers = Math.min(workspaces.length, blocks) - 1;
    try {
      ParallelTasks.run(executor, helpers, blocks, results, (b, participant) -> task.run(b, workspaces[participant]));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted during an ALS half-step");
    }
    double sum = 0;
    for (double r : results) {
      sum += r;
    }
    return sum;
  }
}
