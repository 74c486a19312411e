package dev.trainyard.ml.pipeline;

import dev.trainyard.common.Ticker;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.Frames;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.metrics.ClassificationReport;
import dev.trainyard.ml.metrics.ConfusionMatrix;
import dev.trainyard.ml.metrics.CrossValidationSummary;
import dev.trainyard.ml.metrics.RegressionReport;
import dev.trainyard.ml.model.Model;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.param.Params;
import dev.trainyard.ml.split.Split;
import dev.trainyard.ml.split.Splits;
import dev.trainyard.ml.transform.Preprocessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Runs one experiment on an in-memory frame: validates the spec, decides the task, fits
 * preprocessing and the model on training rows only, evaluates as the spec's validation says, and
 * optionally fits the final model. Training runs on the given executor.
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

  public ExperimentResult run(Frame data, ExperimentSpec spec, boolean wantModel) {
    AlgorithmSpec algo = Algorithms.get(spec.algorithm());
    Params params = algo.parse(spec.params());
    InputSchema schema = InputSchema.of(data, spec.label(), algo.inputColumns(params, data, spec.label()));
    Task task = Tasks.decide(algo, params, data, spec.label());
    Target target = task == Task.CLASSIFICATION ? Frames.classTarget(data, spec.label()) : Frames.valueTarget(data, spec.label());
    Tasks.checkClasses(algo, target, spec.label());
    Fitter fitter = new Fitter(algo, params, task, schema, spec);
    ExperimentSpec.Validation v = spec.validation();
    if (v instanceof ExperimentSpec.Validation.CrossValidation cv) {
      return crossValidate(fitter, data, target, cv.folds(), wantModel);
    }
    if (v instanceof ExperimentSpec.Validation.Fraction f) {
      return holdOut(fitter, data, target, f.testFraction());
    }
    if (v instanceof ExperimentSpec.Validation.TestFrame t) {
      return testFrame(fitter, data, target, t);
    }
    return onTraining(fitter, data, target);
  }

  private ExperimentResult crossValidate(Fitter fitter, Frame data, Target target, int folds, boolean wantModel) {
    List<Split> splits = target instanceof Target.Classes c
        ? Splits.stratifiedKFold(c.codes(), folds, fitter.spec.seed())
        : Splits.kFold(data.rowCount(), folds, fitter.spec.seed());
    List<Map<String, Double>> foldMetrics = new ArrayList<>();
    ConfusionMatrix confusion = null;
    long nanos = 0;
    for (int f = 0; f < splits.size(); f++) {
      Split s = splits.get(f);
      long start = ticker.nanos();
      PipelineModel m = fitter.fit(data.rows(s.train()), target.rows(s.train()), "fold " + (f + 1) + "/" + folds);
      nanos += ticker.nanos() - start;
      Evaluation e = evaluate(m, data.rows(s.test()), target.rows(s.test()));
      foldMetrics.add(e.metrics());
      confusion = confusion == null ? e.confusion() : add(confusion, e.confusion());
    }
    CrossValidationSummary summary = CrossValidationSummary.of(foldMetrics);
    Optional<PipelineModel> model = Optional.empty();
    if (wantModel) {
      long start = ticker.nanos();
      PipelineModel m = fitter.fit(data, target, "final model");
      nanos += ticker.nanos() - start;
      model = Optional.of(m.withProvenance(m.provenance().withMetrics(summary.mean())));
    }
    return result(fitter, "cv", summary.mean(), summary.std(), summary.folds(), confusion,
        data.rowCount(), data.rowCount(), nanos, model);
  }

  private ExperimentResult holdOut(Fitter fitter, Frame data, Target target, double fraction) {
    Split s = target instanceof Target.Classes c
        ? Splits.stratifiedTrainTest(c.codes(), fraction, fitter.spec.seed())
        : Splits.trainTest(data.rowCount(), fraction, fitter.spec.seed());
    return trainAndTest(fitter, data.rows(s.train()), target.rows(s.train()),
        data.rows(s.test()), target.rows(s.test()), "test");
  }

  private ExperimentResult testFrame(Fitter fitter, Frame data, Target target, ExperimentSpec.Validation.TestFrame t) {
    String label = fitter.spec.label();
    Target testTarget = target instanceof Target.Classes c
        ? Frames.classTarget(t.test(), label, c.classes())
        : Frames.valueTarget(t.test(), label);
    return trainAndTest(fitter, data, target, t.test(), testTarget, "test");
  }

  private ExperimentResult onTraining(Fitter fitter, Frame data, Target target) {
    return trainAndTest(fitter, data, target, data, target, "train");
  }

  private ExperimentResult trainAndTest(Fitter fitter, Frame train, Target trainTarget, Frame test, Target testTarget, String on) {
    long start = ticker.nanos();
    PipelineModel m = fitter.fit(train, trainTarget, "training");
    long nanos = ticker.nanos() - start;
    Evaluation e = evaluate(m, test, testTarget);
    PipelineModel withMetrics = m.withProvenance(m.provenance().withMetrics(e.metrics()));
    return result(fitter, on, e.metrics(), Map.of(), List.of(), e.confusion(),
        train.rowCount(), test.rowCount(), nanos, Optional.of(withMetrics));
  }

  private static ExperimentResult result(Fitter fitter, String on, Map<String, Double> metrics, Map<String, Double> std,
      List<Map<String, Double>> folds, ConfusionMatrix confusion, int trainRows, int testRows, long nanos,
      Optional<PipelineModel> model) {
    return new ExperimentResult(fitter.algo.name(), fitter.task, fitter.params.effective(), on, metrics, std, folds,
        Optional.ofNullable(confusion), trainRows, testRows, nanos / 1e9, model);
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

  private static ConfusionMatrix add(ConfusionMatrix a, ConfusionMatrix b) {
    long[][] sum = new long[a.counts().length][];
    for (int i = 0; i < sum.length; i++) {
      sum[i] = a.counts()[i].clone();
      for (int j = 0; j < sum[i].length; j++) {
        sum[i][j] += b.counts()[i][j];
      }
    }
    return new ConfusionMatrix(a.classes(), sum);
  }

  /** Fits preprocessing + model for one algorithm configuration. */
  private final class Fitter {
    final AlgorithmSpec algo;
    final Params params;
    final Task task;
    final InputSchema schema;
    final ExperimentSpec spec;

    Fitter(AlgorithmSpec algo, Params params, Task task, InputSchema schema, ExperimentSpec spec) {
      this.algo = algo;
      this.params = params;
      this.task = task;
      this.schema = schema;
      this.spec = spec;
    }

    PipelineModel fit(Frame train, Target target, String stage) {
      Preprocessor prep = Preprocessor.fit(train, schema.names(), Tasks.preprocessing(algo, params));
      FeatureMatrix x = prep.apply(train);
      TrainContext ctx = new TrainContext(spec.seed(), executor, threads, progress.apply(stage));
      Model model = trainers.trainer(algo, params, task).train(x, target, ctx);
      List<String> classes = target instanceof Target.Classes c ? c.classes() : List.of();
      Provenance p = model.provenance().withDataset(spec.datasetId(), spec.datasetHash());
      return new PipelineModel(schema, prep, model, classes, p);
    }
  }
}
