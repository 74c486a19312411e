package dev.trainyard.ps.train;

import dev.trainyard.ml.optim.ValidationSplit;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The body of one data-parallel worker, shared by the in-process loop and a worker process: each
 * epoch it reshuffles its shard with a seed of (run seed, worker, epoch), then each step pulls the
 * parameters, computes the gradient of its next mini-batch, pushes it and advances its clock; at the
 * epoch end it meets the others through the {@link EpochSync}. Stateless between runs; each call of
 * {@link #run} is confined to its thread.
 */
final class WorkerLoop {
  private final LoopConfig cfg;
  private final BatchObjective objective;
  private final SharedVector vector;

  WorkerLoop(LoopConfig cfg, BatchObjective objective, SharedVector vector) {
    this.cfg = cfg;
    this.objective = objective;
    this.vector = vector;
  }

  /** Runs {@code worker}'s epochs over {@code shard} ({@code steps} mini-batches each) until the sync says stop. */
  void run(int worker, int[] shard, int steps, EpochSync sync) throws InterruptedException {
    BatchObjective.Scratch scratch = objective.newScratch();
    float[] params = new float[vector.length()];
    float[] grad = new float[vector.length()];
    for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
      long epochSeed = new SplittableRandom(cfg.seed() ^ (0x9E3779B97F4A7C15L * (worker + 1)) ^ epoch).nextLong();
      ValidationSplit.shuffle(shard, new SplittableRandom(epochSeed));
      double loss = 0;
      for (int s = 0; s < steps; s++) {
        int from = s * cfg.batchSize();
        int to = s == steps - 1 ? shard.length : from + cfg.batchSize();
        vector.pull(worker, params);
        Arrays.fill(grad, 0f);
        loss += objective.stepGradient(params, shard, from, to, grad, epochSeed + s, scratch);
        vector.push(worker, grad);
        vector.clock(worker);
      }
      if (sync.endEpoch(worker, epoch, loss, params, scratch)) {
        return;
      }
    }
  }
}
