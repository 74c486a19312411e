package dev.trainyard.ml.pipeline;

import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.Frames;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.metrics.ConfusionMatrix;
import dev.trainyard.ml.metrics.CrossValidationSummary;
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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * An experiment ({@link Experiment#run}) cut into independent fit units: {@link #of} validates the
 * spec, decides the task and draws the row splits; {@link #fit} fits one unit; {@link #finish}
 * evaluates the fitted units and assembles the result. The plan is deterministic: built from the
 * same frame and spec on any machine it has the same units and row splits (they depend only on the
 * spec's seed), so units can be fitted anywhere, in any order, and finished together. Immutable;
 * {@link #fit} may run concurrently for different units.
 */
public final class ExperimentPlan {
  private final ExperimentSpec spec;
  private final AlgorithmSpec algo;
  private final Params params;
  private final Task task;
  private final InputSchema schema;
  private final String evaluatedOn;
  private final int dataRows;
  private final List<Slot> slots;

  private ExperimentPlan(ExperimentSpec spec, AlgorithmSpec algo, Params params, Task task, InputSchema schema,
      String evaluatedOn, int dataRows, List<Slot> slots) {
    this.spec = spec;
    this.algo = algo;
    this.params = params;
    this.task = task;
    this.schema = schema;
    this.evaluatedOn = evaluatedOn;
    this.dataRows = dataRows;
    this.slots = List.copyOf(slots);
  }

  /**
   * Validates like {@link Experiment#run} (algorithm, parameters, input columns, label, task,
   * classes, test frame) and computes the fit units; trains nothing. {@code wantModel} adds the
   * final model to cross-validation; other validations always fit exactly one model.
   *
   * @throws dev.trainyard.common.InvalidInputException naming the broken rule
   */
  public static ExperimentPlan of(Frame data, ExperimentSpec spec, boolean wantModel) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(spec, "spec");
    AlgorithmSpec algo = Algorithms.get(spec.algorithm());
    Params params = algo.parse(spec.params());
    InputSchema schema = InputSchema.of(data, spec.label(), algo.inputColumns(params, data, spec.label()));
    Task task = Tasks.decide(algo, params, data, spec.label());
    Target target = task == Task.CLASSIFICATION
        ? Frames.classTarget(data, spec.label()) : Frames.valueTarget(data, spec.label());
    Tasks.checkClasses(algo, target, spec.label());
    Rows all = new Rows(data, target, null);
    ExperimentSpec.Validation v = spec.validation();
    if (v instanceof ExperimentSpec.Validation.CrossValidation cv) {
      List<Slot> folds = folds(all, cv.folds(), spec.seed(), wantModel);
      return new ExperimentPlan(spec, algo, params, task, schema, "cv", data.rowCount(), folds);
    }
    Slot single;
    String on = "test";
    if (v instanceof ExperimentSpec.Validation.Fraction f) {
      single = heldOut(all, f.testFraction(), spec.seed());
    } else if (v instanceof ExperimentSpec.Validation.TestFrame t) {
      single = new Slot(new FitUnit(0, "training"), all, testFrame(target, t.test(), spec.label()));
    } else {
      single = new Slot(new FitUnit(0, "training"), all, all);
      on = "train";
    }
    return new ExperimentPlan(spec, algo, params, task, schema, on, data.rowCount(), List.of(single));
  }

  private static List<Slot> folds(Rows all, int folds, long seed, boolean wantModel) {
    List<Split> splits = all.target() instanceof Target.Classes c
        ? Splits.stratifiedKFold(c.codes(), folds, seed)
        : Splits.kFold(all.count(), folds, seed);
    List<Slot> slots = new ArrayList<>();
    for (Split s : splits) {
      slots.add(new Slot(new FitUnit(slots.size(), "fold " + (slots.size() + 1) + "/" + folds),
          all.select(s.train()), all.select(s.test())));
    }
    if (wantModel) {
      slots.add(new Slot(new FitUnit(slots.size(), "final model"), all, null));
    }
    return slots;
  }

  private static Slot heldOut(Rows all, double fraction, long seed) {
    Split s = all.target() instanceof Target.Classes c
        ? Splits.stratifiedTrainTest(c.codes(), fraction, seed)
        : Splits.trainTest(all.count(), fraction, seed);
    return new Slot(new FitUnit(0, "training"), all.select(s.train()), all.select(s.test()));
  }

  private static Rows testFrame(Target target, Frame test, String label) {
    Target testTarget = target instanceof Target.Classes c
        ? Frames.classTarget(test, label, c.classes())
        : Frames.valueTarget(test, label);
    return new Rows(test, testTarget, null);
  }

  /**
   * The units to fit, in order: for cross-validation the k folds then, if the model was wanted,
   * "final model"; otherwise the single unit "training".
   */
  public List<FitUnit> units() {
    List<FitUnit> units = new ArrayList<>(slots.size());
    for (Slot s : slots) {
      units.add(s.unit());
    }
    return List.copyOf(units);
  }

  public Task task() {
    return task;
  }

  public AlgorithmSpec algorithm() {
    return algo;
  }

  /** The validated parameters. */
  public Params params() {
    return params;
  }

  /**
   * Fits unit {@code index}: preprocessing fitted on the unit's training rows, then the model from
   * {@code trainers}, seeded with the spec's seed, running on {@code executor} with at most
   * {@code threads} tasks at once and reporting to {@code progress}.
   *
   * @throws IllegalArgumentException if {@code index} is not a unit's index
   */
  public PipelineModel fit(int index, ExecutorService executor, int threads, ProgressListener progress,
      TrainerSource trainers) {
    Rows rows = slot(index).train();
    Frame train = rows.frame();
    Target target = rows.target();
    Preprocessor prep = Preprocessor.fit(train, schema.names(), Tasks.preprocessing(algo, params));
    FeatureMatrix x = prep.apply(train);
    TrainContext ctx = new TrainContext(spec.seed(), executor, threads, progress);
    Model model = trainers.trainer(algo, params, task).train(x, target, ctx);
    List<String> classes = target instanceof Target.Classes c ? c.classes() : List.of();
    Provenance p = model.provenance().withDataset(spec.datasetId(), spec.datasetHash());
    return new PipelineModel(schema, prep, model, classes, p);
  }

  /**
   * Evaluates the fitted units ({@code models.get(i)} fitted for unit {@code i}) and combines them
   * into the result {@link Experiment#run} returns; {@code trainSeconds} is the training time the
   * caller measured, summed over units.
   *
   * @throws IllegalArgumentException if there is not exactly one model per unit
   */
  public ExperimentResult finish(List<PipelineModel> models, double trainSeconds) {
    if (models.size() != slots.size()) {
      throw new IllegalArgumentException("finish needs one model per unit (" + slots.size() + "), got "
          + models.size());
    }
    List<Fitted> fitted = new ArrayList<>(models.size());
    for (int i = 0; i < models.size(); i++) {
      fitted.add(evaluate(i, Objects.requireNonNull(models.get(i), "model of unit " + i)));
    }
    return finishFitted(fitted, trainSeconds);
  }

  /**
   * Evaluates unit {@code index}'s model where the unit says, keeping the model only if it is the
   * result's (so an experiment need not hold every fold's model at once).
   */
  Fitted evaluate(int index, PipelineModel model) {
    Slot s = slot(index);
    Experiment.Evaluation e = s.test() == null ? null
        : Experiment.evaluate(model, s.test().frame(), s.test().target());
    boolean kept = !evaluatedOn.equals("cv") || s.test() == null;
    return new Fitted(e, kept ? model : null);
  }

  /** {@link #finish} from evaluated units ({@link #evaluate}, one per unit in order). */
  ExperimentResult finishFitted(List<Fitted> fitted, double trainSeconds) {
    if (!evaluatedOn.equals("cv")) {
      Slot s = slots.get(0);
      Experiment.Evaluation e = fitted.get(0).evaluation();
      PipelineModel m = fitted.get(0).model();
      PipelineModel withMetrics = m.withProvenance(m.provenance().withMetrics(e.metrics()));
      return result(e.metrics(), Map.of(), List.of(), e.confusion(), s.train().count(), s.test().count(),
          trainSeconds, Optional.of(withMetrics));
    }
    List<Map<String, Double>> foldMetrics = new ArrayList<>();
    ConfusionMatrix confusion = null;
    Optional<PipelineModel> model = Optional.empty();
    for (Fitted f : fitted) {
      if (f.evaluation() == null) {
        model = Optional.of(f.model());
        continue;
      }
      foldMetrics.add(f.evaluation().metrics());
      ConfusionMatrix c = f.evaluation().confusion();
      confusion = confusion == null ? c : add(confusion, c);
    }
    CrossValidationSummary summary = CrossValidationSummary.of(foldMetrics);
    return result(summary.mean(), summary.std(), summary.folds(), confusion, dataRows, dataRows, trainSeconds,
        model.map(m -> m.withProvenance(m.provenance().withMetrics(summary.mean()))));
  }

  private ExperimentResult result(Map<String, Double> metrics, Map<String, Double> std,
      List<Map<String, Double>> folds, ConfusionMatrix confusion, int trainRows, int testRows, double seconds,
      Optional<PipelineModel> model) {
    return new ExperimentResult(algo.name(), task, params.effective(), evaluatedOn, metrics, std, folds,
        Optional.ofNullable(confusion), trainRows, testRows, seconds, model);
  }

  private Slot slot(int index) {
    if (index < 0 || index >= slots.size()) {
      throw new IllegalArgumentException("unit index must be between 0 and " + (slots.size() - 1) + ", was " + index);
    }
    return slots.get(index);
  }

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

  /** A unit's evaluation (null for the final model) and its model if the result keeps it. */
  record Fitted(Experiment.Evaluation evaluation, PipelineModel model) {}

  /** A unit, the rows it trains on and the rows it is evaluated on (null: not evaluated). */
  private record Slot(FitUnit unit, Rows train, Rows test) {}

  /** Rows of a frame and their targets: all of them when {@code rows} is null. */
  private record Rows(Frame all, Target allTargets, int[] rows) {
    Rows select(int[] subset) {
      return new Rows(all, allTargets, subset);
    }

    Frame frame() {
      return rows == null ? all : all.rows(rows);
    }

    Target target() {
      return rows == null ? allTargets : allTargets.rows(rows);
    }

    int count() {
      return rows == null ? all.rowCount() : rows.length;
    }
  }
}
