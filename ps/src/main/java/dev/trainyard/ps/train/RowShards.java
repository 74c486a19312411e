package dev.trainyard.ps.train;

import dev.trainyard.ml.optim.ValidationSplit;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The row shards of a data-parallel run: the training rows shuffled with the loop's seed and cut
 * into W contiguous shards, and the steps every worker takes per epoch (those of the smallest shard,
 * so clocks line up for BSP). A pure function of the rows and the settings, so every process of a
 * distributed run computes the same shards. Shard arrays are the workers' own (they reshuffle them
 * in place each epoch).
 */
record RowShards(int[][] shards, int stepsPerEpoch) {
  static RowShards of(int[] trainRows, LoopConfig cfg) {
    int[] order = trainRows.clone();
    ValidationSplit.shuffle(order, new SplittableRandom(cfg.seed()));
    int w = cfg.workers();
    if (order.length < w) {
      throw new IllegalArgumentException(order.length + " training rows for " + w + " workers");
    }
    int[][] shards = new int[w][];
    int steps = Integer.MAX_VALUE;
    for (int i = 0; i < w; i++) {
      shards[i] = Arrays.copyOfRange(order, (int) ((long) order.length * i / w),
          (int) ((long) order.length * (i + 1) / w));
      steps = Math.min(steps, Math.max(1, shards[i].length / cfg.batchSize()));
    }
    return new RowShards(shards, steps);
  }
}
