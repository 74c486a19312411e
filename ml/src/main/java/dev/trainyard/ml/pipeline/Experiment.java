package dev.trainyard.ml.pipeline;

import dev.trainyard.common.Ticker;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.metrics.ClassificationReport;
import dev.trainyard.ml.metrics.ConfusionMatrix;
import dev.trainyard.ml.metrics.RegressionReport;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.param.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Runs one experiment on an in-memory frame: validates the spec, decides the task, fits
 * preprocessing and the model on training rows only, evaluates as the spec's validation says, and
 * optionally fits the final model. Training runs on the given executor. The steps are those of
 * {@link ExperimentPlan}, which lets the fits run elsewhere.
 */
public final class Experiment {
  private final ExecutorService executor;
  private final int threads;
  private final Function<String, ProgressListener> progress;
  private final Ticker ticker;
  private final TrainerSource trainers;

  /**
   * @param progress gives the listener for a named stage ("fold 2/5", "final model", "training")
   */
  public Experiment(ExecutorService executor, int threads, Function<String, ProgressListener> progress, Ticker ticker) {
    this(executor, threads, progress, ticker, TrainerSource.LOCAL);
  }

  /** Like the other constructor, with trainers from {@code trainers} (e.g. parameter-server training). */
  public Experiment(ExecutorService executor, int threads, Function<String, ProgressListener> progress, Ticker ticker,
      TrainerSource trainers) {
    this.executor = executor;
    this.threads = threads;
    this.progress = progress;
    this.ticker = ticker;
    this.trainers = trainers;
  }

  /** Checks algorithm and parameters before any data is read; returns the validated parameters. */
  public static Params validate(ExperimentSpec spec) {
    return Algorithms.get(spec.algorithm()).parse(spec.params());
  }

  /**
   * Runs {@code spec} on {@code data}: the units of {@link ExperimentPlan#of}, fitted one after the
   * other (each timed with the ticker, each fold evaluated as soon as it is fitted), then finished.
   */
  public ExperimentResult run(Frame data, ExperimentSpec spec, boolean wantModel) {
    ExperimentPlan plan = ExperimentPlan.of(data, spec, wantModel);
    List<ExperimentPlan.Fitted> fitted = new ArrayList<>();
    long nanos = 0;
    for (FitUnit unit : plan.units()) {
      ProgressListener listener = progress.apply(unit.stage());
      long start = ticker.nanos();
      PipelineModel m = plan.fit(unit.index(), executor, threads, listener, trainers);
      nanos += ticker.nanos() - start;
      fitted.add(plan.evaluate(unit.index(), m));
    }
    return plan.finishFitted(fitted, nanos / 1e9);
  }

  /** Metrics of a fitted pipeline on rows with known targets. */
  public static Evaluation evaluate(PipelineModel model, Frame rows, Target target) {
    Predictions p = model.predict(rows);
    if (target instanceof Target.Classes c) {
      ClassificationReport r = ClassificationReport.of(c, p.values());
      return new Evaluation(r.metrics(), r.confusion());
    }
    RegressionReport r = RegressionReport.of((Target.Values) target, p.values());
    return new Evaluation(r.metrics(), null);
  }

  /** Metrics and, for classification, the confusion matrix. */
  public record Evaluation(Map<String, Double> metrics, ConfusionMatrix confusion) {}
}
