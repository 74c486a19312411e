package dev.trainyard.ps.train;

import dev.trainyard.common.Executors2;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.linear.LinearModel;
import dev.trainyard.ml.model.Model;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.nn.MlpModel;
import dev.trainyard.ml.pipeline.ExperimentPlan;
import dev.trainyard.ml.pipeline.ExperimentSpec;
import dev.trainyard.ml.pipeline.PipelineModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * What a worker process of a distributed run does, as the tests (and {@link DistributedWorkerMain})
 * need it: plan the experiment from the data and spec, then fit every unit in order with
 * {@link PsTrainerSource#distributed}, unit i under the table prefix {@code base.u<i>.g1}. Nothing
 * here is shared between workers but the code.
 */
final class DistributedRuns {
  private DistributedRuns() {}

  /** {@code algorithm} on digits with 20% held out for testing, seed 42. */
  static ExperimentSpec digits(String algorithm, Map<String, String> params) {
    return new ExperimentSpec(algorithm, "label", params, new ExperimentSpec.Validation.Fraction(0.2), 42,
        "digits.csv", "");
  }

  /** {@code algorithm} on digits, 5-fold cross-validation, seed 42. */
  static ExperimentSpec digitsCv(String algorithm) {
    return new ExperimentSpec(algorithm, "label", Map.of(), new ExperimentSpec.Validation.CrossValidation(5), 42,
        "digits.csv", "");
  }

  static DistributedPs ps(int worker, int workers, List<String> shards, String consistency, int staleness,
      String prefix, Duration maxWait) {
    return new DistributedPs(worker, workers, shards, consistency, staleness, prefix,
        RetryPolicy.of(Duration.ofSeconds(30), Duration.ofMillis(200)), maxWait, dev.trainyard.ps.PsFixture.SECRET);
  }

  /** The table prefix of unit {@code unit} of the run {@code base}, first generation. */
  static String prefix(String base, int unit) {
    return base + ".u" + unit + ".g1";
  }

  /** One worker's fit of unit 0, from its own plan of {@code data}. */
  static PipelineModel fit(Frame data, ExperimentSpec spec, DistributedPs d, ProgressListener progress) {
    return fit(ExperimentPlan.of(data, spec, false), 0, d, progress);
  }

  /** One worker's fits of every unit of its own plan of {@code data}, in order; {@code d} is unit 0's. */
  static List<PipelineModel> fitUnits(Frame data, ExperimentSpec spec, DistributedPs d, String base,
      ProgressListener progress) {
    ExperimentPlan plan = ExperimentPlan.of(data, spec, false);
    List<PipelineModel> models = new ArrayList<>();
    for (int u = 0; u < plan.units().size(); u++) {
      DistributedPs unit = new DistributedPs(d.worker(), d.workers(), d.shardAddresses(), d.consistency(),
          d.staleness(), prefix(base, u), d.retry(), d.maxWait(), d.secret());
      models.add(fit(plan, u, unit, progress));
    }
    return models;
  }

  private static PipelineModel fit(ExperimentPlan plan, int unit, DistributedPs d, ProgressListener progress) {
    ExecutorService pool = Executors2.fixed(1, "fit-" + d.worker());
    try {
      return plan.fit(unit, pool, 1, progress, PsTrainerSource.distributed(d));
    } finally {
      pool.shutdownNow();
    }
  }

  /** The model's parameters (linear weights or MLP parameters). */
  static float[] weights(PipelineModel m) {
    Model model = m.model();
    if (model instanceof LinearModel l) {
      return l.weights();
    }
    return ((MlpModel) model).params();
  }
}
