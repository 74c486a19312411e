package dev.trainyard.ps.train;

import dev.trainyard.ml.param.Params;
import dev.trainyard.ml.split.Split;
import dev.trainyard.ml.split.Splits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What every PS trainer derives the same way from the SGD hyper-parameters it shares with the
 * single-process trainers ({@code epochs}, {@code batch_size}, {@code learning_rate},
 * {@code optimizer}, {@code schedule}, {@code decay}, {@code early_stopping},
 * {@code validation_fraction}, {@code patience}, {@code tol}): the early-stopping holdout, the loop
 * settings and the server's update rule.
 */
record TrainingPlan(Split split, LoopConfig loop, UpdateRule rule) {
  static TrainingPlan of(Params p, int rows, int[] labels, int workers, long seed, double l1) {
    Split split = holdout(p, rows, labels, seed);
    LoopConfig loop = new LoopConfig(workers, p.getInt("epochs"), p.getInt("batch_size"), seed,
        p.getBoolean("early_stopping"), p.getInt("patience"), p.getDouble("tol"));
    long stepsPerEpoch = Math.max(1, split.train().length / workers / loop.batchSize()) * workers;
    UpdateRule rule = new UpdateRule(p.getString("optimizer"), p.getDouble("learning_rate"), p.getString("schedule"),
        p.getDouble("decay"), stepsPerEpoch * loop.epochs(), l1);
    return new TrainingPlan(split, loop, rule);
  }

  /** Rows held out for early stopping (stratified for classes), or none. */
  private static Split holdout(Params p, int n, int[] labels, long seed) {
    if (!p.getBoolean("early_stopping")) {
      return new Split(IntStream.range(0, n).toArray(), new int[0]);
    }
    double f = p.getDouble("validation_fraction");
    return labels != null ? Splits.stratifiedTrainTest(labels, f, seed) : Splits.trainTest(n, f, seed);
  }

  /** The parameters for provenance, with how the PS run was laid out. */
  static Map<String, String> provenanceParams(Params p, PsSettings ps) {
    return provenanceParams(p, ps.description());
  }

  /** The parameters for provenance, with {@code layout} saying how the PS run was laid out. */
  static Map<String, String> provenanceParams(Params p, String layout) {
    Map<String, String> effective = new LinkedHashMap<>(p.effective());
    effective.put("ps", layout);
    return effective;
  }
}
