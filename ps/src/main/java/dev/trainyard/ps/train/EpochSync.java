package dev.trainyard.ps.train;

/**
 * Where the workers of a data-parallel run meet at each epoch end, measure the validation loss, keep
 * the best parameters and agree on stopping: {@link BarrierSync} for worker threads of one process,
 * {@link BoardSync} for worker processes that share nothing but the parameter-server shards.
 */
interface EpochSync {
  /**
   * Called by {@code worker} once it has pushed and clocked the last step of {@code epoch}
   * (1-based) with the summed data loss of its shard's rows; returns whether training stops.
   * {@code params} and {@code scratch} are the worker's own and may be overwritten.
   */
  boolean endEpoch(int worker, int epoch, double shardLoss, float[] params, BatchObjective.Scratch scratch)
      throws InterruptedException;
}
