package dev.trainyard.ps.train;

import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.linear.LinearModel;
import dev.trainyard.ml.linear.Objective;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.model.Trainer;
import dev.trainyard.ml.param.Params;
import dev.trainyard.ml.split.Split;
import dev.trainyard.ml.split.Splits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Logistic, softmax or linear regression trained data-parallel on the parameter server: the
 * weights ({@code k x (d+1)}, as in {@link LinearModel}) are one shared vector updated by the
 * server's optimizer; W workers run the {@link DataParallelLoop}. Takes the same hyper-parameters as
 * the single-process {@code LinearTrainer}.
 */
public final class PsLinearTrainer implements Trainer<LinearModel> {
  private final Objective objective;
  private final Params params;
  private final PsSettings ps;

  public PsLinearTrainer(Objective objective, Params params, PsSettings ps) {
    this.objective = objective;
    this.params = params;
    this.ps = ps;
  }

  @Override
  public LinearModel train(FeatureMatrix x, Target y, TrainContext context) {
    int d = x.cols();
    int numClasses = y instanceof Target.Classes c ? c.numClasses() : 0;
    int k = objective.outputs(numClasses);
    int[] labels = y instanceof Target.Classes c ? c.codes() : null;
    float[] targets = y instanceof Target.Values v ? v.values() : null;
    LinearObjective obj = new LinearObjective(objective, x.toRowMajor(), d, k, labels, targets, params.getDouble("l2"));
    Split split = holdout(x.rows(), labels, context.seed());
    LoopConfig cfg = new LoopConfig(ps.workers(), params.getInt("epochs"), params.getInt("batch_size"), context.seed(),
        params.getBoolean("early_stopping"), params.getInt("patience"), params.getDouble("tol"));
    long stepsPerEpoch = Math.max(1, split.train().length / ps.workers() / cfg.batchSize()) * ps.workers();
    UpdateRule rule = new UpdateRule(params.getString("optimizer"), params.getDouble("learning_rate"),
        params.getString("schedule"), params.getDouble("decay"), stepsPerEpoch * cfg.epochs(),
        objective == Objective.SOFTMAX ? 0 : params.getDouble("l1"));
    float[] w;
    try (SharedVector vector = ps.vectors().create("weights", List.of(VectorFactory.Segment.zeros(k * (d + 1))), rule,
        ps.workers())) {
      w = new DataParallelLoop(cfg, obj, vector, ps.workerPool(), context.progress()).run(split.train(), split.test());
    }
    Map<String, String> effective = new LinkedHashMap<>(params.effective());
    effective.put("ps", ps.description());
    return new LinearModel(objective, d, numClasses, w,
        Provenance.of(objective.id(), effective, context.seed(), x.rows()));
  }

  /** Rows held out for early stopping (stratified for classes), or none. */
  private Split holdout(int n, int[] labels, long seed) {
    if (!params.getBoolean("early_stopping")) {
      return new Split(IntStream.range(0, n).toArray(), new int[0]);
    }
    double f = params.getDouble("validation_fraction");
    return labels != null ? Splits.stratifiedTrainTest(labels, f, seed) : Splits.trainTest(n, f, seed);
  }
}
