package dev.trainyard.ml.forest;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.model.ProgressListener.Progress;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.model.Trainer;
import dev.trainyard.ml.param.ParamSpec;
import dev.trainyard.ml.param.Params;
import dev.trainyard.ml.tree.BinnedFeatures;
import dev.trainyard.ml.tree.Criterion;
import dev.trainyard.ml.tree.GrownTree;
import dev.trainyard.ml.tree.TreeParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;

/**
 * Breiman's random forest: {@code trees} CART trees, each on its own bootstrap sample, trying a
 * random subset of features at every node; predictions are the average of the trees' class
 * distributions (classification) or values (regression). The data are binned once per forest
 * ({@link BinnedFeatures}) and trees are grown as tasks on {@link TrainContext#executor()}, at most
 * {@link TrainContext#threads()} at a time. Tree {@code t} draws its sample and features from a
 * seed derived only from ({@code seed}, {@code t}), so a seed gives the same model whatever the
 * thread count, and {@link #treeRange} can grow any slice of the forest elsewhere, to be joined by
 * {@link RandomForestModel#combine}. Immutable and thread-safe; build with {@link #builder} or
 * {@link #fromParams}.
 */
public final class RandomForestTrainer implements Trainer<RandomForestModel> {
  public static final String ALGORITHM = "random-forest";
  /** Provenance key of a partial forest: the trees it holds, e.g. {@code [7, 19)}. */
  public static final String TREE_RANGE = "tree_range";

  private final Params params;
  private final Task task;
  /** Trees {@code [from, to)} of the {@code trees}-tree forest are grown. */
  private final int from;
  private final int to;

  private RandomForestTrainer(Params params, Task task, int from, int to) {
    this.params = params;
    this.task = task;
    this.from = from;
    this.to = to;
  }

  /** The hyper-parameters, the same for classification and regression. */
  public static List<ParamSpec> params() {
    return List.of(
        ParamSpec.integer("trees", 100, 1, RandomForestModel.MAX_TREES, "number of trees"),
        ParamSpec.integer("max_depth", 0, 0, TreeParams.MAX_DEPTH,
            "deepest level a tree may reach; 0 grows until leaves are pure or too small"),
        ParamSpec.integer("min_samples_leaf", 1, 1, 1_000_000, "fewest sampled rows in a leaf"),
        ParamSpec.integer("min_samples_split", 2, 2, 1_000_000, "fewest sampled rows in a node that may split"),
        ParamSpec.choice("max_features", "auto", List.of("auto", "sqrt", "log2", "all"),
            "features tried per split: auto is sqrt(d) for classification and d/3 for regression;"
                + " ignored when feature_fraction > 0"),
        ParamSpec.real("feature_fraction", 0.0, 0.0, 1.0,
            "if > 0, the fraction of the features tried per split (overrides max_features)"),
        ParamSpec.choice("criterion", "gini", List.of("gini", "entropy"),
            "split quality for classification; regression always uses variance"),
        ParamSpec.bool("bootstrap", true, "draw each tree's rows with replacement; if false, without"),
        ParamSpec.real("sample_fraction", 1.0, 0.01, 1.0, "rows drawn per tree, as a fraction of the training rows"),
        ParamSpec.integer("max_bins", BinnedFeatures.MAX_BINS, 2, BinnedFeatures.MAX_BINS,
            "histogram bins per feature (exact when a feature has no more distinct values)"));
  }

  /** A trainer from validated parameters (see {@link #params()}). */
  public static RandomForestTrainer fromParams(Params p, boolean classification) {
    Objects.requireNonNull(p, "params");
    Map<String, String> effective = p.effective();
    for (ParamSpec s : params()) {
      if (!effective.containsKey(s.name())) {
        throw new IllegalArgumentException(
            "parameter '" + s.name() + "' missing; parse with RandomForestTrainer.params()");
      }
    }
    return new RandomForestTrainer(p, classification ? Task.CLASSIFICATION : Task.REGRESSION, 0, p.getInt("trees"));
  }

  /**
   * A trainer that grows only trees {@code [from, to)} of this forest: on the same data and seed,
   * tree {@code t} is bit-identical to tree {@code t} of the full forest (sample, features and
   * splits all derive from (seed, t)), so {@link RandomForestModel#combine} of ranges covering
   * {@code [0, trees)} in order predicts exactly like the full forest. The partial model's
   * out-of-bag score is that of its own trees (a smaller forest's OOB estimate), and its provenance
   * keeps {@code trees} as the full count and adds {@link #TREE_RANGE}; the full range gives this
   * trainer's plain forest.
   *
   * @throws InvalidInputException unless {@code 0 <= from < to <= trees}
   */
  public RandomForestTrainer treeRange(int from, int to) {
    int trees = params.getInt("trees");
    if (from < 0 || from >= to || to > trees) {
      throw new InvalidInputException("tree range must satisfy 0 <= from < to <= trees (" + trees + "), was ["
          + from + ", " + to + ")");
    }
    return new RandomForestTrainer(params, task, from, to);
  }

  /** A fluent way to set parameters in code; validation is the same as {@link #fromParams}. */
  public static Builder builder(Task task) {
    return new Builder(task);
  }

  public Task task() {
    return task;
  }

  /** Every parameter with its effective value, as recorded in provenance. */
  public Map<String, String> effectiveParams() {
    return params.effective();
  }

  @Override
  public RandomForestModel train(FeatureMatrix x, Target y, TrainContext context) {
    Objects.requireNonNull(context, "context");
    check(x, y);
    // Binned once per forest; every tree reads the same bytes.
    BinnedFeatures binned = BinnedFeatures.of(x, params.getInt("max_bins"), context.executor(), context.threads());
    ForestJob job = new ForestJob(binned, x, y, treeParams(x.cols()), context.seed(),
        params.getBoolean("bootstrap"), drawsPerTree(x.rows()));
    OutOfBag outOfBag = new OutOfBag(y, numClasses(y));
    GrownTree[] grown = growAll(job, from, to, context, outOfBag);
    double oob = outOfBag.score();
    Provenance provenance = Provenance.of(ALGORITHM, provenanceParams(), context.seed(), x.rows());
    if (!Double.isNaN(oob)) {
      provenance = provenance.withMetrics(Map.of(task == Task.CLASSIFICATION
          ? RandomForestModel.OOB_ACCURACY : RandomForestModel.OOB_R2, oob));
    }
    return RandomForestModel.assemble(task, x.cols(), numClasses(y), grown, oob, provenance);
  }

  private Map<String, String> provenanceParams() {
    Map<String, String> p = new LinkedHashMap<>(params.effective());
    if (to - from < params.getInt("trees")) {
      p.put(TREE_RANGE, "[" + from + ", " + to + ")");
    }
    return p;
  }

  private void check(FeatureMatrix x, Target y) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    if (x.rows() == 0 || x.cols() == 0) {
      throw new InvalidInputException("training data must have at least one row and one feature, has "
          + x.rows() + " rows and " + x.cols() + " features");
    }
    if (y.size() != x.rows()) {
      throw new InvalidInputException("target has " + y.size() + " rows but features have " + x.rows());
    }
    if (task == Task.CLASSIFICATION && !(y instanceof Target.Classes)) {
      throw new InvalidInputException("random forest classification needs a class target, got numeric values");
    }
    if (task == Task.REGRESSION && !(y instanceof Target.Values)) {
      throw new InvalidInputException("random forest regression needs a numeric target, got classes");
    }
  }

  /**
   * Runs one task per tree of {@code [from, to)}, keeping at most {@code threads} in flight; returns
   * the trees in order. Out-of-bag predictions are added as soon as every earlier tree's are in (so
   * in tree order, whatever the completion order) and then dropped, bounding their memory.
   */
  private static GrownTree[] growAll(ForestJob job, int from, int to, TrainContext context, OutOfBag oob) {
    ExecutorCompletionService<TreeResult> done = new ExecutorCompletionService<>(context.executor());
    int trees = to - from;
    @SuppressWarnings("unchecked")
    Future<TreeResult>[] futures = new Future[trees];
    TreeResult[] waiting = new TreeResult[trees];
    GrownTree[] grown = new GrownTree[trees];
    int submitted = 0;
    int next = 0;
    try {
      for (; submitted < Math.min(trees, context.threads()); submitted++) {
        int t = from + submitted;
        futures[submitted] = done.submit(() -> job.grow(t));
      }
      for (int finished = 1; finished <= trees; finished++) {
        TreeResult r = done.take().get();
        waiting[r.index() - from] = r;
        grown[r.index() - from] = r.grown();
        for (; next < trees && waiting[next] != null; next++) {
          oob.add(waiting[next]);
          waiting[next] = null;
        }
        if (submitted < trees) {
          int t = from + submitted;
          futures[submitted++] = done.submit(() -> job.grow(t));
        }
        context.progress().onProgress(Progress.of("trees", finished, trees));
      }
      return grown;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cancelled(futures, new CancellationException("random forest training was interrupted"));
    } catch (ExecutionException e) {
      throw cancelled(futures, e.getCause() instanceof RuntimeException re ? re
          : new IllegalStateException("growing a tree failed", e.getCause()));
    } catch (RuntimeException e) {
      throw cancelled(futures, e);
    }
  }

  private static RuntimeException cancelled(Future<?>[] futures, RuntimeException e) {
    for (Future<?> f : futures) {
      if (f != null) {
        f.cancel(true);
      }
    }
    return e;
  }

  TreeParams treeParams(int d) {
    Criterion criterion = task == Task.REGRESSION ? Criterion.VARIANCE
        : params.getString("criterion").equals("entropy") ? Criterion.ENTROPY : Criterion.GINI;
    return new TreeParams(criterion, params.getInt("max_depth"), params.getInt("min_samples_leaf"),
        params.getInt("min_samples_split"), maxFeatures(d));
  }

  /** Features tried per split for {@code d} features, at least 1 (truncating like scikit-learn). */
  int maxFeatures(int d) {
    double fraction = params.getDouble("feature_fraction");
    if (fraction > 0) {
      return Math.max(1, (int) (fraction * d));
    }
    switch (params.getString("max_features")) {
      case "sqrt":
        return Math.max(1, (int) Math.sqrt(d));
      case "log2":
        return Math.max(1, (int) (Math.log(d) / Math.log(2)));
      case "all":
        return d;
      default:
        return task == Task.CLASSIFICATION ? Math.max(1, (int) Math.sqrt(d)) : Math.max(1, d / 3);
    }
  }

  private int drawsPerTree(int rows) {
    return (int) Math.max(1, Math.round(params.getDouble("sample_fraction") * rows));
  }

  private static int numClasses(Target y) {
    return y instanceof Target.Classes c ? Math.max(1, c.numClasses()) : 0;
  }

  /** Sets parameters by name; {@link #build()} validates them exactly like {@link Params#parse}. */
  public static final class Builder {
    private final Task task;
    private final Map<String, String> raw = new LinkedHashMap<>();

    private Builder(Task task) {
      this.task = Objects.requireNonNull(task, "task");
    }

    public Builder trees(int v) {
      return set("trees", v);
    }

    public Builder maxDepth(int v) {
      return set("max_depth", v);
    }

    public Builder minSamplesLeaf(int v) {
      return set("min_samples_leaf", v);
    }

    public Builder minSamplesSplit(int v) {
      return set("min_samples_split", v);
    }

    /** {@code auto}, {@code sqrt}, {@code log2} or {@code all}. */
    public Builder maxFeatures(String v) {
      return set("max_features", v);
    }

    public Builder featureFraction(double v) {
      return set("feature_fraction", v);
    }

    /** {@code gini} or {@code entropy}. */
    public Builder criterion(String v) {
      return set("criterion", v);
    }

    public Builder bootstrap(boolean v) {
      return set("bootstrap", v);
    }

    public Builder sampleFraction(double v) {
      return set("sample_fraction", v);
    }

    public Builder maxBins(int v) {
      return set("max_bins", v);
    }

    private Builder set(String name, Object value) {
      raw.put(name, String.valueOf(value));
      return this;
    }

    public RandomForestTrainer build() {
      return fromParams(Params.parse(ALGORITHM, params(), raw), task == Task.CLASSIFICATION);
    }
  }
}
