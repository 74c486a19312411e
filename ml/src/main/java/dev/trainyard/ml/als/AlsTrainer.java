package dev.trainyard.ml.als;

import dev.trainyard.common.Check;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.model.ProgressListener.Progress;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.model.Trainer;
import dev.trainyard.ml.param.ParamSpec;
import dev.trainyard.ml.param.Params;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Explicit-feedback matrix factorization of ratings. Features are two columns, user id then item
 * id; the target is the rating. The default solver is ALS with weighted-λ regularisation: item
 * factors start as seeded Gaussians of variance 1/rank, then each iteration solves every user
 * against the items and every item against the users ({@link AlsHalfStep}), in fixed blocks of
 * {@link #BLOCK_ROWS} rows run on the context's executor; blocks write disjoint rows and their
 * losses are summed in block order, so a seed gives the same model for any thread count. Progress
 * reports the training RMSE per iteration. The {@code sgd} solver fits the same objective by SGD
 * ({@link SgdMf}). Build with {@link #builder()} or {@link #fromParams}. Immutable and thread-safe.
 */
public final class AlsTrainer implements Trainer<AlsModel> {
  /** The algorithm name in the registry and in provenance. */
  public static final String ALGORITHM = "als";
  /** Rows (users or items) per half-step block; fixed so results never depend on the thread count. */
  public static final int BLOCK_ROWS = 256;

  /** How the factors are fitted. */
  public enum Solver {
    ALS,
    SGD
  }

  final Solver solver;
  final int rank;
  final int iterations;
  final double lambda;
  final boolean biases;
  final int epochs;
  final double learningRate;

  private AlsTrainer(Builder b) {
    this.solver = Objects.requireNonNull(b.solver, "solver");
    this.rank = Check.between("rank", b.rank, 1, AlsModel.MAX_RANK);
    this.iterations = Check.between("iterations", b.iterations, 1, AlsParams.MAX_ITERATIONS);
    this.lambda = Check.between("lambda", b.lambda, AlsParams.MIN_LAMBDA, AlsParams.MAX_LAMBDA);
    this.biases = b.biases;
    this.epochs = Check.between("epochs", b.epochs, 1, AlsParams.MAX_ITERATIONS);
    this.learningRate = Check.between("learning_rate", b.learningRate, AlsParams.MIN_RATE, AlsParams.MAX_RATE);
  }

  /** A builder with the defaults of {@link #params()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The hyper-parameters with their defaults and ranges (including the pipeline's column names). */
  public static List<ParamSpec> params() {
    return AlsParams.specs();
  }

  /** A trainer from validated parameters (see {@link #params()}). */
  public static AlsTrainer fromParams(Params p) {
    return builder()
        .solver(Solver.valueOf(p.getString("solver").toUpperCase(java.util.Locale.ROOT)))
        .rank(p.getInt("rank"))
        .iterations(p.getInt("iterations"))
        .lambda(p.getDouble("lambda"))
        .biases(p.getBoolean("biases"))
        .epochs(p.getInt("epochs"))
        .learningRate(p.getDouble("learning_rate"))
        .build();
  }

  /**
   * The pipeline's input columns: {@code user_column} then {@code item_column}; both must exist,
   * differ from each other and from the label. Other columns (e.g. a timestamp) are not read.
   */
  public static List<String> inputColumns(Params p, Frame frame, String label) {
    String user = p.getString("user_column");
    String item = p.getString("item_column");
    if (user.equals(item)) {
      throw new InvalidInputException("user_column and item_column must differ, both were '" + user + "'");
    }
    for (String c : List.of(user, item)) {
      if (!frame.has(c)) {
        throw new InvalidInputException("als needs a " + (c.equals(user) ? "user" : "item") + " column '" + c
            + "'; columns are: " + frame.names() + " (choose with --param "
            + (c.equals(user) ? "user_column" : "item_column") + "=NAME)");
      }
    }
    return List.of(user, item);
  }

  /** Every hyper-parameter of the trainer with its value as text; recorded in provenance. */
  public Map<String, String> effectiveParams() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("solver", solver.name().toLowerCase(java.util.Locale.ROOT));
    m.put("rank", Integer.toString(rank));
    m.put("iterations", Integer.toString(iterations));
    m.put("lambda", Double.toString(lambda));
    m.put("biases", Boolean.toString(biases));
    m.put("epochs", Integer.toString(epochs));
    m.put("learning_rate", Double.toString(learningRate));
    return m;
  }

  @Override
  public AlsModel train(FeatureMatrix x, Target y, TrainContext context) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    Objects.requireNonNull(context, "context");
    if (!(y instanceof Target.Values values)) {
      throw new InvalidInputException("als predicts ratings: the target must be numeric (regression)");
    }
    RatingMatrix m = RatingMatrix.of(x, values.values(), biases, BLOCK_ROWS);
    Sides fitted = solver == Solver.ALS ? alternate(m, context) : SgdMf.fit(this, m, context);
    Provenance p = Provenance.of(ALGORITHM, effectiveParams(), context.seed(), x.rows());
    return new AlsModel(m.userIds(), fitted.users(), m.itemIds(), fitted.items(), m.mean(), p);
  }

  /** Fitted factors of both sides, in dense index order. */
  record Sides(Factors users, Factors items) {}

  private Sides alternate(RatingMatrix m, TrainContext context) {
    Factors items = gaussian(m.itemIds().length, rank, biases, 1 / Math.sqrt(rank), new SplittableRandom(context.seed()));
    Factors users = Factors.zeros(m.userIds().length, rank, biases);
    BlockRunner runner = new BlockRunner(context.executor(), context.threads(), rank, biases);
    for (int it = 1; it <= iterations; it++) {
      halfStep(runner, items, m.userBlocks(), users);
      double sse = halfStep(runner, users, m.itemBlocks(), items);
      context.progress().onProgress(new Progress("iterations", it, iterations, Math.sqrt(sse / m.count()), Double.NaN));
    }
    return new Sides(users, items);
  }

  private double halfStep(BlockRunner runner, Factors fixed, List<RatingBlock> blocks, Factors out) {
    return runner.runAll(blocks.size(),
        (b, ws) -> AlsHalfStep.solveBlock(fixed, blocks.get(b), lambda, out, blocks.get(b).first(), ws));
  }

  /** Factors drawn row by row from N(0, std²), biases zero. */
  static Factors gaussian(int rows, int rank, boolean biases, double std, SplittableRandom rng) {
    Factors f = Factors.zeros(rows, rank, biases);
    float[] v = f.values();
    for (int k = 0; k < v.length; k++) {
      v[k] = (float) (rng.nextGaussian() * std);
    }
    return f;
  }

  @Override
  public String toString() {
    return "AlsTrainer[" + effectiveParams() + "]";
  }

  /** Options of an {@link AlsTrainer}; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    private Solver solver = Solver.valueOf(AlsParams.SOLVER.toUpperCase(java.util.Locale.ROOT));
    private int rank = AlsParams.RANK;
    private int iterations = AlsParams.ITERATIONS;
    private double lambda = AlsParams.LAMBDA;
    private boolean biases = AlsParams.BIASES;
    private int epochs = AlsParams.EPOCHS;
    private double learningRate = AlsParams.LEARNING_RATE;

    private Builder() {}

    public Builder solver(Solver v) {
      solver = v;
      return this;
    }

    /** Latent factors per user and item. */
    public Builder rank(int v) {
      rank = v;
      return this;
    }

    /** ALS alternations. */
    public Builder iterations(int v) {
      iterations = v;
      return this;
    }

    /** Weighted-λ strength (> 0). */
    public Builder lambda(double v) {
      lambda = v;
      return this;
    }

    /** Whether to fit global mean, user and item biases. */
    public Builder biases(boolean v) {
      biases = v;
      return this;
    }

    /** SGD passes over the ratings. */
    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    /** SGD step size. */
    public Builder learningRate(double v) {
      learningRate = v;
      return this;
    }

    /** Validates every option; throws {@link InvalidInputException} naming the broken rule. */
    public AlsTrainer build() {
      return new AlsTrainer(this);
    }
  }
}
