package dev.trainyard.ml.linear;

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
 * One training run of a {@link LinearTrainer}: the epoch loop with its mutable weights and
 * optimizer state. Each step minimises, on a batch B,
 * {@code (1/|B|) sum_B loss_i + l2/2 |w|^2 + l1 |w|_1} (biases unpenalised): the averaged data
 * gradient plus {@code l2 * w} goes to the optimizer, and L1 is the optimizer's proximal step.
 * Batches are split into fixed chunks of {@link #CHUNK_ROWS} rows summed in chunk order, so the
 * result does not depend on the thread count. Confined to the calling thread (chunk helpers only
 * read the weights).
 */
final class TrainingRun {
  /** Rows per chunk; fixed so results do not depend on the thread count. */
  static final int CHUNK_ROWS = 32;

  private final LinearTrainer cfg;
  private final LinearProblem problem;
  private final ParallelChunks chunks;
  /** One workspace per chunk participant (the calling thread is participant 0). */
  private final GradientWorkspace[] workspaces;
  private final int[] train;
  private final int[] validation;
  private final TrainContext context;
  private final SplittableRandom shuffleRng;
  private final int d;
  private final int k;
  private final float[] w;
  private final float[] g;
  private final Optimizer weightOptimizer;
  private final Optimizer biasOptimizer;
  private final OptimizerState state;
  private long step;

  TrainingRun(LinearTrainer cfg, LinearProblem problem, int[] train, int[] validation,
      TrainContext context, SplittableRandom shuffleRng) {
    this.cfg = cfg;
    this.problem = problem;
    this.chunks = new ParallelChunks(CHUNK_ROWS, problem.k() * (problem.d() + 1), context.executor(),
        context.threads());
    this.workspaces = new GradientWorkspace[context.threads()];
    for (int t = 0; t < workspaces.length; t++) {
      workspaces[t] = new GradientWorkspace();
    }
    this.train = train;
    this.validation = validation;
    this.context = context;
    this.shuffleRng = shuffleRng;
    this.d = problem.d();
    this.k = problem.k();
    this.w = new float[k * (d + 1)];
    this.g = new float[w.length];
    long stepsPerEpoch = Math.max(1, (train.length + cfg.batchSize - 1) / cfg.batchSize);
    Optimizer opt = Optimizer.named(cfg.optimizer,
        Schedules.named(cfg.schedule, cfg.learningRate, cfg.decay, stepsPerEpoch * cfg.epochs));
    this.weightOptimizer = opt.withL1(cfg.l1);
    this.biasOptimizer = opt.withL1(0);
    this.state = opt.newState(w.length);
  }

  /** Runs the epochs and returns the final weights (the best ones when early stopping). */
  float[] run() {
    EarlyStopping stopping = new EarlyStopping(cfg.patience, cfg.tol);
    float[] best = null;
    for (int epoch = 1; epoch <= cfg.epochs; epoch++) {
      double trainLoss = epoch();
      double validationLoss = Double.NaN;
      if (validation.length > 0) {
        validationLoss = compute(validation, 0, validation.length, null) / validation.length;
        if (stopping.improved(validationLoss)) {
          best = w.clone();
        }
      }
      context.progress().onProgress(new Progress("epochs", epoch, cfg.epochs, trainLoss, validationLoss));
      if (!Double.isFinite(trainLoss)) {
        throw new InvalidInputException("training diverged in epoch " + epoch + " (loss " + trainLoss
            + "); lower learning_rate (was " + cfg.learningRate + ") or standardize the features");
      }
      if (stopping.shouldStop()) {
        break;
      }
    }
    return best != null ? best : w;
  }

  /** One shuffled pass; returns the mean data loss of the batches, each measured before its update. */
  private double epoch() {
    ValidationSplit.shuffle(train, shuffleRng);
    double sum = 0;
    for (int from = 0; from < train.length; from += cfg.batchSize) {
      sum += step(from, Math.min(train.length, from + cfg.batchSize));
    }
    return sum / train.length;
  }

  private double step(int from, int to) {
    double loss = compute(train, from, to, g);
    float scale = 1f / (to - from);
    for (int j = 0; j < g.length; j++) {
      g[j] *= scale;
    }
    if (cfg.l2 > 0) {
      LinearGradients.l2(w, d, k, cfg.l2, g);
    }
    int stride = d + 1;
    for (int c = 0; c < k; c++) {
      weightOptimizer.apply(state, w, g, c * stride, d, step);
      biasOptimizer.apply(state, w, g, c * stride + d, 1, step);
    }
    step++;
    return loss;
  }

  /**
   * Summed loss of rows {@code rows[from..to)} at the current weights; when {@code gradOut} is not
   * null it is overwritten with the summed gradient.
   */
  private double compute(int[] rows, int from, int to, float[] gradOut) {
    long work = (long) (to - from) * d * k;
    return chunks.compute(from, to, gradOut, work >= ParallelChunks.MIN_PARALLEL_WORK,
        (c, lo, hi, chunkGrad, participant) ->
            problem.lossAndGradient(rows, lo, hi, w, chunkGrad, workspaces[participant]));
  }
}
