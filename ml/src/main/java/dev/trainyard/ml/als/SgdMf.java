package dev.trainyard.ml.als;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.model.ProgressListener.Progress;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.optim.ValidationSplit;
import java.util.SplittableRandom;

/**
 * Matrix factorization by stochastic gradient descent (Funk-style), for comparison with ALS. Each
 * epoch visits the ratings in a seeded random order; for a rating with error
 * {@code e = r - prediction} it steps along the negative gradient of
 * {@code e² + λ(|p_u|² + |q_i|² + b_u² + c_i²)}, the factor 2 folded into the rate η:
 * <pre>  p_u += η (e q_i - λ p_u),  q_i += η (e p_u - λ q_i),  b_u += η (e - λ b_u),  c_i += η (e - λ c_i)</pre>
 * Summed over an epoch, the per-rating penalty charges a user λ n_u |p_u|², the same weighted-λ
 * objective as ALS. Factors start at N(0, 0.1²). Sequential, so the result depends only on the
 * seed; the reported loss is the RMSE of the errors seen during the epoch.
 */
final class SgdMf {
  private static final double INIT_STD = 0.1;

  private SgdMf() {}

  static AlsTrainer.Sides fit(AlsTrainer cfg, RatingMatrix m, TrainContext context) {
    int n = m.count();
    int[] user = new int[n];
    int[] item = new int[n];
    float[] value = new float[n];
    flatten(m, user, item, value);
    SplittableRandom rng = new SplittableRandom(context.seed());
    Factors users = AlsTrainer.gaussian(m.userIds().length, cfg.rank, cfg.biases, INIT_STD, rng.split());
    Factors items = AlsTrainer.gaussian(m.itemIds().length, cfg.rank, cfg.biases, INIT_STD, rng.split());
    int[] order = new int[n];
    for (int k = 0; k < n; k++) {
      order[k] = k;
    }
    for (int epoch = 1; epoch <= cfg.epochs; epoch++) {
      ValidationSplit.shuffle(order, rng);
      double sse = 0;
      for (int k : order) {
        sse += step(cfg, users, items, user[k], item[k], value[k]);
      }
      if (!Double.isFinite(sse)) {
        throw new InvalidInputException("sgd diverged in epoch " + epoch + "; learning_rate must be smaller than "
            + cfg.learningRate);
      }
      context.progress().onProgress(new Progress("epochs", epoch, cfg.epochs, Math.sqrt(sse / n), Double.NaN));
    }
    return new AlsTrainer.Sides(users, items);
  }

  /** One update; returns the squared error before it. */
  private static double step(AlsTrainer cfg, Factors users, Factors items, int u, int i, float r) {
    int rank = cfg.rank;
    float[] p = users.values();
    float[] q = items.values();
    int pu = u * rank;
    int qi = i * rank;
    double pred = 0;
    for (int k = 0; k < rank; k++) {
      pred += p[pu + k] * q[qi + k];
    }
    if (cfg.biases) {
      pred += users.biases()[u] + items.biases()[i];
    }
    double e = r - pred;
    float rate = (float) cfg.learningRate;
    float lambda = (float) cfg.lambda;
    float ef = (float) e;
    for (int k = 0; k < rank; k++) {
      float pk = p[pu + k];
      float qk = q[qi + k];
      p[pu + k] = pk + rate * (ef * qk - lambda * pk);
      q[qi + k] = qk + rate * (ef * pk - lambda * qk);
    }
    if (cfg.biases) {
      users.biases()[u] += rate * (ef - lambda * users.biases()[u]);
      items.biases()[i] += rate * (ef - lambda * items.biases()[i]);
    }
    return e * e;
  }

  private static void flatten(RatingMatrix m, int[] user, int[] item, float[] value) {
    int k = 0;
    for (RatingBlock b : m.userBlocks()) {
      for (int r = 0; r < b.rows(); r++) {
        for (int e = b.offsets()[r]; e < b.offsets()[r + 1]; e++) {
          user[k] = b.first() + r;
          item[k] = b.columns()[e];
          value[k++] = b.values()[e];
        }
      }
    }
  }
}
