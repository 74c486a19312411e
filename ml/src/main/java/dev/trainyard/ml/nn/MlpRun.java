package dev.trainyard.ml.nn;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.model.ProgressListener.Progress;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.optim.EarlyStopping;
import dev.trainyard.ml.optim.Optimizer;
import dev.trainyard.ml.optim.OptimizerState;
import dev.trainyard.ml.optim.ParallelChunks;
import dev.trainyard.ml.optim.Schedules;
import dev.trainyard.ml.optim.ValidationSplit;
import java.util.SplittableRandom;

/**
 * One training run of an {@link MlpTrainer}: the epoch loop with its mutable parameters and
 * optimizer state. Each step minimises, on a batch B, {@code (1/|B|) sum_B loss_i + l2/2 |W|^2}
 * (biases unpenalised): the averaged data gradient plus {@code l2 * W} goes to the optimizer.
 * Chunk c of batch t of epoch e draws its dropout masks from a seed mixed from
 * (run seed, e, t, c). Confined to the calling thread (chunk helpers only read the parameters).
 */
final class MlpRun {
  /** Rows per chunk: one kernel block, so every chunk is a single pass through the kernel. */
  static final int CHUNK_ROWS = MlpKernel.BLOCK;

  private final MlpTrainer cfg;
  private final MlpLayout layout;
  private final float[] x;
  private final int[] labels;
  private final int[] train;
  private final int[] validation;
  private final TrainContext context;
  private final SplittableRandom shuffleRng;
  private final long dropoutSeed;
  private final ParallelChunks chunks;
  private final MlpWorkspace[] workspaces;
  private final float[] g;
  private final Optimizer optimizer;
  private OptimizerState state;
  private long step;

  MlpRun(MlpTrainer cfg, MlpLayout layout, float[] x, int[] labels, int[] train, int[] validation,
      TrainContext context, SplittableRandom shuffleRng, long dropoutSeed) {
    this.cfg = cfg;
    this.layout = layout;
    this.x = x;
    this.labels = labels;
    this.train = train;
    this.validation = validation;
    this.context = context;
    this.shuffleRng = shuffleRng;
    this.dropoutSeed = dropoutSeed;
    this.chunks = new ParallelChunks(CHUNK_ROWS, layout.paramCount(), context.executor(), context.threads());
    this.workspaces = new MlpWorkspace[context.threads()];
    for (int t = 0; t < workspaces.length; t++) {
      workspaces[t] = new MlpWorkspace();
    }
    this.g = new float[layout.paramCount()];
    long stepsPerEpoch = Math.max(1, (train.length + cfg.batchSize - 1) / cfg.batchSize);
    this.optimizer = Optimizer.named(cfg.optimizer,
        Schedules.named(cfg.schedule, cfg.learningRate, cfg.decay, stepsPerEpoch * cfg.epochs));
  }

  /** Trains from {@code params} (updated in place) and returns the final, or with early stopping the best, parameters. */
  float[] run(float[] params) {
    state = optimizer.newState(params.length);
    EarlyStopping stopping = new EarlyStopping(cfg.patience, cfg.tol);
    float[] best = null;
    for (int epoch = 1; epoch <= cfg.epochs; epoch++) {
      double trainLoss = epoch(params, epoch);
      double validationLoss = Double.NaN;
      if (validation.length > 0) {
        validationLoss = loss(params, validation);
        if (stopping.improved(validationLoss)) {
          best = params.clone();
        }
      }
      context.progress().onProgress(new Progress("epochs", epoch, cfg.epochs, trainLoss, validationLoss));
      if (!Double.isFinite(trainLoss)) {
        throw new InvalidInputException("training diverged in epoch " + epoch + " (loss " + trainLoss
            + "); lower learning_rate (was " + cfg.learningRate + ") or standardize the features");
      }
      if (validation.length > 0 && stopping.shouldStop()) {
        break;
      }
    }
    return best != null ? best : params;
  }

  /** One shuffled pass; returns the mean data loss of the batches, each measured before its update. */
  private double epoch(float[] params, int epoch) {
    ValidationSplit.shuffle(train, shuffleRng);
    long epochSeed = mix(dropoutSeed, epoch);
    double sum = 0;
    int batch = 0;
    for (int from = 0; from < train.length; from += cfg.batchSize) {
      int to = Math.min(train.length, from + cfg.batchSize);
      sum += step(params, from, to, mix(epochSeed, batch++));
    }
    return sum / train.length;
  }

  private double step(float[] params, int from, int to, long batchSeed) {
    double loss = chunks.compute(from, to, g, parallel(to - from), (c, lo, hi, gOut, participant) ->
        MlpGradients.lossAndGradient(layout, cfg.activation, params, x, layout.inputs(), train, lo, hi, labels,
            cfg.dropout, mix(batchSeed, c), gOut, workspaces[participant]));
    float scale = 1f / (to - from);
    for (int j = 0; j < g.length; j++) {
      g[j] *= scale;
    }
    if (cfg.l2 > 0) {
      MlpGradients.l2(layout, params, cfg.l2, g);
    }
    optimizer.apply(state, params, g, 0, params.length, step++);
    return loss;
  }

  /** Mean loss of {@code rows} without dropout. */
  private double loss(float[] params, int[] rows) {
    double sum = chunks.compute(0, rows.length, null, parallel(rows.length), (c, lo, hi, gOut, participant) ->
        MlpGradients.lossAndGradient(layout, cfg.activation, params, x, layout.inputs(), rows, lo, hi, labels,
            0, 0, null, workspaces[participant]));
    return sum / rows.length;
  }

  private boolean parallel(int rows) {
    return (long) rows * layout.paramCount() >= ParallelChunks.MIN_PARALLEL_WORK;
  }

  /** A seed for the {@code b}-th child of seed {@code a}: the SplitMix64 finaliser of both, so nearby inputs give unrelated seeds. */
  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
