package dev.trainyard.ps.train;

import dev.trainyard.ml.model.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Runs W workers as threads of this process against one {@link SharedVector}. Worker w owns shard w
 * of the shuffled training rows ({@link RowShards}) and runs the {@link WorkerLoop}; every worker
 * takes the same number of steps per epoch, so clocks line up for BSP. At each epoch end the workers
 * meet ({@link BarrierSync}); worker 0 measures the validation loss, keeps the best parameters and
 * decides whether to stop. A worker process of a distributed run uses the same pieces with a
 * {@link BoardSync} instead ({@link ProcessWorker}).
 */
public final class DataParallelLoop {
  private final LoopConfig cfg;
  private final BatchObjective objective;
  private final SharedVector vector;
  private final ExecutorService workerPool;
  private final ProgressListener progress;

  /**
   * @param workerPool runs the W worker loops; it must be able to run all W at once, since under
   *     BSP they wait for each other
   */
  public DataParallelLoop(LoopConfig cfg, BatchObjective objective, SharedVector vector, ExecutorService workerPool,
      ProgressListener progress) {
    this.cfg = cfg;
    this.objective = objective;
    this.vector = vector;
    this.workerPool = workerPool;
    this.progress = progress;
  }

  /** Trains and returns the final (or, with early stopping, the best) parameters. */
  public float[] run(int[] trainRows, int[] validationRows) {
    RowShards shards = RowShards.of(trainRows, cfg);
    BarrierSync sync = new BarrierSync(cfg, objective, vector, progress, validationRows, trainRows.length);
    WorkerLoop loop = new WorkerLoop(cfg, objective, vector);
    List<Callable<Void>> workers = new ArrayList<>();
    for (int w = 0; w < cfg.workers(); w++) {
      int worker = w;
      workers.add(() -> {
        loop.run(worker, shards.shards()[worker], shards.stepsPerEpoch(), sync);
        return null;
      });
    }
    Workers.runAll(workerPool, workers, sync::abort);
    float[] best = sync.best();
    if (best == null) {
      best = new float[vector.length()];
      vector.pull(0, best);
    }
    return best;
  }
}
