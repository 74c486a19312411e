package dev.trainyard.ps.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Runs the workers of one training run together and fails as soon as one of them fails. */
final class Workers {
  private Workers() {}

  /**
   * Submits every task to {@code pool} at once (under BSP they wait for each other, so the pool must
   * be able to run them all) and returns their results in task order. The first failure cancels the
   * others, which may be parked waiting for the failed one, runs {@code onFailure} (to release
   * anything else they wait on) and is rethrown: a {@link RuntimeException} as it is, anything else
   * wrapped in an {@link IllegalStateException}.
   */
  static <T> List<T> runAll(ExecutorService pool, List<? extends Callable<T>> tasks, Runnable onFailure) {
    ExecutorCompletionService<T> done = new ExecutorCompletionService<>(pool);
    List<Future<T>> running = new ArrayList<>();
    for (Callable<T> task : tasks) {
      running.add(done.submit(task));
    }
    try {
      for (int i = 0; i < running.size(); i++) {
        done.take().get();
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : running) {
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      running.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while training", e);
    } catch (ExecutionException e) {
      running.forEach(f -> f.cancel(true));
      onFailure.run();
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("a worker failed: " + cause, cause);
    }
  }
}
