package dev.trainyard.ml.linear;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.model.ProgressListener.Progress;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.optim.LearningRateSchedule;
import dev.trainyard.ml.optim.Optimizer;
import dev.trainyard.ml.optim.OptimizerState;
import java.util.SplittableRandom;

/**
 * One training run of a {@link LinearTrainer}: the epoch loop with its mutable weights and
 * optimizer state. Each step minimises, on a batch B,
 * {@code (1/|B|) sum_B loss_i + l2/2 |w|^2 + l1 |w|_1} (biases unpenalised): the averaged data
 * gradient plus {@code l2 * w} goes to the optimizer, and L1 is the optimizer's proximal step.
 * Confined to the calling thread (chunk helpers only read the weights).
 */
final class TrainingRun {
  private final LinearTrainer cfg;
  private final ChunkedGradient gradient;
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

  TrainingRun(LinearTrainer cfg, ChunkedGradient.Problem problem, int[] train, int[] validation,
      TrainContext context, SplittableRandom shuffleRng) {
    this.cfg = cfg;
    this.gradient = new ChunkedGradient(problem, context.executor(), context.threads());
    this.train = train;
    this.validation = validation;
    this.context = context;
    this.shuffleRng = shuffleRng;
    this.d = problem.d();
    this.k = problem.k();
    this.w = new float[k * (d + 1)];
    this.g = new float[w.length];
    long stepsPerEpoch = Math.max(1, (train.length + cfg.batchSize - 1) / cfg.batchSize);
    Optimizer opt = Optimizer.named(cfg.optimizer, schedule(stepsPerEpoch));
    this.weightOptimizer = opt.withL1(cfg.l1);
    this.biasOptimizer = opt.withL1(0);
    this.state = opt.newState(w.length);
  }

  /** Runs the epochs and returns the final weights (the best ones when early stopping). */
  float[] run() {
    float[] best = null;
    double bestLoss = Double.POSITIVE_INFINITY;
    int stale = 0;
    for (int epoch = 1; epoch <= cfg.epochs; epoch++) {
      double trainLoss = epoch();
      double validationLoss = Double.NaN;
      if (validation.length > 0) {
        validationLoss = gradient.compute(validation, 0, validation.length, w, null) / validation.length;
        if (validationLoss < bestLoss - cfg.tol) {
          bestLoss = validationLoss;
          best = w.clone();
          stale = 0;
        } else {
          stale++;
        }
      }
      context.progress().onProgress(new Progress("epochs", epoch, cfg.epochs, trainLoss, validationLoss));
      if (!Double.isFinite(trainLoss)) {
        throw new InvalidInputException("training diverged in epoch " + epoch + " (loss " + trainLoss
            + "); lower learning_rate (was " + cfg.learningRate + ") or standardize the features");
      }
      if (stale >= cfg.patience) {
        break;
      }
    }
    return best != null ? best : w;
  }

  /** One shuffled pass; returns the mean data loss of the batches, each measured before its update. */
  private double epoch() {
    Holdout.shuffle(train, shuffleRng);
    double sum = 0;
    for (int from = 0; from < train.length; from += cfg.batchSize) {
      sum += step(from, Math.min(train.length, from + cfg.batchSize));
    }
    return sum / train.length;
  }

  private double step(int from, int to) {
    double loss = gradient.compute(train, from, to, w, g);
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
   * The configured schedule over update index t. {@code decay} is such that both decaying schedules
   * have halved the rate after {@code 1/decay} updates: inverse {@code lr / (1 + decay * t)}, step
   * {@code lr * 0.5^floor(t / round(1/decay))}. Cosine anneals to 0 over all epochs' updates.
   */
  private LearningRateSchedule schedule(long stepsPerEpoch) {
    double lr = cfg.learningRate;
    switch (cfg.schedule) {
      case "constant":
        return LearningRateSchedule.constant(lr);
      case "step":
        return cfg.decay == 0
            ? LearningRateSchedule.constant(lr)
            : LearningRateSchedule.step(lr, 0.5, Math.max(1, Math.round(1 / cfg.decay)));
      case "inverse":
        return LearningRateSchedule.inverseTime(lr, cfg.decay);
      case "cosine":
        return LearningRateSchedule.cosine(lr, stepsPerEpoch * cfg.epochs, 0);
      default:
        throw new AssertionError(cfg.schedule);
    }
  }
}
