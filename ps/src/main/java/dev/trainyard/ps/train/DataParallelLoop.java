package dev.trainyard.ps.train;

import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.optim.ValidationSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Runs W workers against one {@link SharedVector}. Worker w owns a contiguous shard of the
 * (shuffled) training rows and, each step, pulls the parameters, computes the gradient of its next
 * mini-batch and pushes it, then advances its clock. Every worker takes the same number of steps
 * per epoch (that of the smallest shard), so clocks line up for BSP. At each epoch end the workers
 * meet; worker 0 measures the validation loss, keeps the best parameters and decides whether to stop.
 */
public final class DataParallelLoop {
  private final LoopConfig cfg;
  private final BatchObjective objective;
  private final SharedVector vector;
  private final ExecutorService workerPool;
  private final ProgressListener progress;
  private final DoubleAdder epochLoss = new DoubleAdder();
  private final CyclicBarrier epochEnd;
  /** Written by worker 0 between the two epoch-end barriers, read by all after the second. */
  private volatile boolean stop;
  private float[] best;
  private double bestLoss = Double.POSITIVE_INFINITY;
  private int epochsWithoutImprovement;
  private int trainRowCount;

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
    this.epochEnd = new CyclicBarrier(cfg.workers());
  }

  /** Trains and returns the final (or, with early stopping, the best) parameters. */
  public float[] run(int[] trainRows, int[] validationRows) {
    trainRowCount = trainRows.length;
    int[][] shards = shards(trainRows);
    int steps = Integer.MAX_VALUE;
    for (int[] s : shards) {
      steps = Math.min(steps, Math.max(1, s.length / cfg.batchSize()));
    }
    int stepsPerEpoch = steps;
    List<Callable<Void>> workers = new ArrayList<>();
    for (int w = 0; w < cfg.workers(); w++) {
      int worker = w;
      workers.add(() -> {
        work(worker, shards[worker], stepsPerEpoch, validationRows);
        return null;
      });
    }
    Workers.runAll(workerPool, workers, epochEnd::reset);
    if (best == null) {
      best = new float[vector.length()];
      vector.pull(0, best);
    }
    return best;
  }

  private int[][] shards(int[] trainRows) {
    int[] order = trainRows.clone();
    ValidationSplit.shuffle(order, new SplittableRandom(cfg.seed()));
    int w = cfg.workers();
    if (order.length < w) {
      throw new IllegalArgumentException(order.length + " training rows for " + w + " workers");
    }
    int[][] shards = new int[w][];
    for (int i = 0; i < w; i++) {
      shards[i] = Arrays.copyOfRange(order, (int) ((long) order.length * i / w), (int) ((long) order.length * (i + 1) / w));
    }
    return shards;
  }

  private void work(int worker, int[] shard, int steps, int[] validationRows) throws InterruptedException, BrokenBarrierException {
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
      epochLoss.add(loss);
      epochEnd.await();
      if (worker == 0) {
        endEpoch(epoch, validationRows, params, scratch);
      }
      epochEnd.await();
      if (stop) {
        return;
      }
    }
  }

  /** Worker 0 only, while the others wait at the barrier. */
  private void endEpoch(int epoch, int[] validationRows, float[] params, BatchObjective.Scratch scratch) {
    double trainLoss = epochLoss.sumThenReset() / Math.max(1, trainRowCount);
    double valLoss = Double.NaN;
    if (cfg.earlyStopping() && validationRows.length > 0) {
      vector.pull(0, params);
      valLoss = objective.meanLoss(params, validationRows, scratch);
      if (valLoss < bestLoss - cfg.tol()) {
        bestLoss = valLoss;
        best = params.clone();
        epochsWithoutImprovement = 0;
      } else {
        epochsWithoutImprovement++;
      }
      stop = epochsWithoutImprovement >= cfg.patience();
    }
    if (!Double.isFinite(trainLoss)) {
      stop = true;
    }
    progress.onProgress(new ProgressListener.Progress("epochs", epoch, cfg.epochs(), trainLoss, valLoss));
  }
}
