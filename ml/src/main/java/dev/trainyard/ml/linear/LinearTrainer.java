package dev.trainyard.ml.linear;

import dev.trainyard.common.Check;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.model.Trainer;
import dev.trainyard.ml.optim.Schedules;
import dev.trainyard.ml.optim.SgdParams;
import dev.trainyard.ml.optim.ValidationSplit;
import dev.trainyard.ml.param.ParamSpec;
import dev.trainyard.ml.param.Params;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Mini-batch gradient training of a {@link LinearModel}: seeded shuffled epochs, a chosen optimizer
 * and learning-rate schedule, L2 (and for logistic/linear L1, as a proximal step) regularisation,
 * and optional early stopping on a seeded validation split that keeps the best weights. Batches
 * are split into fixed-size chunks whose gradients are computed in parallel on the context's
 * executor and summed in a fixed order, so a seed gives the same model whatever the thread count.
 * Presets are the factories {@link #logistic()}, {@link #softmax()} and {@link #linear()}.
 * Immutable and thread-safe.
 */
public final class LinearTrainer implements Trainer<LinearModel> {
  final Objective objective;
  final int epochs;
  final int batchSize;
  final double learningRate;
  final String optimizer;
  final String schedule;
  final double decay;
  final double l2;
  final double l1;
  final boolean earlyStopping;
  final double validationFraction;
  final int patience;
  final double tol;

  private LinearTrainer(Builder b) {
    this.objective = b.objective;
    this.epochs = Check.between("epochs", b.epochs, 1, SgdParams.MAX_EPOCHS);
    this.batchSize = Check.between("batch_size", b.batchSize, 1, SgdParams.MAX_BATCH);
    this.learningRate = Check.between("learning_rate", b.learningRate, SgdParams.MIN_RATE, SgdParams.MAX_RATE);
    this.optimizer = SgdParams.choice("optimizer", b.optimizer, SgdParams.OPTIMIZERS);
    this.schedule = SgdParams.choice("schedule", b.schedule, Schedules.NAMES);
    this.decay = Check.between("decay", b.decay, 0, SgdParams.MAX_PENALTY);
    this.l2 = Check.between("l2", b.l2, 0, SgdParams.MAX_PENALTY);
    this.l1 = Check.between("l1", b.l1, 0, SgdParams.MAX_PENALTY);
    if (objective == Objective.SOFTMAX && l1 != 0) {
      throw new InvalidInputException("l1 is only supported for logistic and linear, was " + l1 + " for softmax");
    }
    this.earlyStopping = b.earlyStopping;
    this.validationFraction = Check.between("validation_fraction", b.validationFraction, 0.01, 0.5);
    this.patience = Check.between("patience", b.patience, 1, SgdParams.MAX_EPOCHS);
    this.tol = Check.between("tol", b.tol, 0, 1);
  }

  /** Binary logistic regression (targets with exactly 2 classes), with the defaults of {@link #params}. */
  public static Builder logistic() {
    return new Builder(Objective.LOGISTIC);
  }

  /** Multinomial (softmax) regression for 2 or more classes, with the defaults of {@link #params}. */
  public static Builder softmax() {
    return new Builder(Objective.SOFTMAX);
  }

  /** Least-squares linear regression, with the defaults of {@link #params}. */
  public static Builder linear() {
    return new Builder(Objective.LINEAR);
  }

  /** The hyper-parameters of a preset, with their defaults and ranges. */
  public static List<ParamSpec> params(Objective objective) {
    return LinearParams.specs(objective);
  }

  /** A trainer from validated parameters (see {@link #params}). */
  public static LinearTrainer fromParams(Objective objective, Params p) {
    Builder b = new Builder(objective)
        .epochs(p.getInt("epochs"))
        .batchSize(p.getInt("batch_size"))
        .learningRate(p.getDouble("learning_rate"))
        .optimizer(p.getString("optimizer"))
        .schedule(p.getString("schedule"))
        .decay(p.getDouble("decay"))
        .l2(p.getDouble("l2"))
        .earlyStopping(p.getBoolean("early_stopping"))
        .validationFraction(p.getDouble("validation_fraction"))
        .patience(p.getInt("patience"))
        .tol(p.getDouble("tol"));
    if (objective != Objective.SOFTMAX) {
      b.l1(p.getDouble("l1"));
    }
    return b.build();
  }

  public Objective objective() {
    return objective;
  }

  /** Every hyper-parameter with its value as text, named as in {@link #params}; recorded in provenance. */
  public Map<String, String> effectiveParams() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("epochs", Integer.toString(epochs));
    m.put("batch_size", Integer.toString(batchSize));
    m.put("learning_rate", Double.toString(learningRate));
    m.put("optimizer", optimizer);
    m.put("schedule", schedule);
    m.put("decay", Double.toString(decay));
    m.put("l2", Double.toString(l2));
    if (objective != Objective.SOFTMAX) {
      m.put("l1", Double.toString(l1));
    }
    m.put("early_stopping", Boolean.toString(earlyStopping));
    m.put("validation_fraction", Double.toString(validationFraction));
    m.put("patience", Integer.toString(patience));
    m.put("tol", Double.toString(tol));
    return m;
  }

  @Override
  public LinearModel train(FeatureMatrix x, Target y, TrainContext context) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    Objects.requireNonNull(context, "context");
    if (x.rows() != y.size()) {
      throw new InvalidInputException("features have " + x.rows() + " rows but the target has " + y.size());
    }
    if (x.rows() == 0) {
      throw new InvalidInputException("training needs at least 1 row, was 0");
    }
    LinearProblem problem = LinearProblem.of(objective, x, y);
    SplittableRandom rng = new SplittableRandom(context.seed());
    int[][] split = earlyStopping
        ? ValidationSplit.split(x.rows(), validationFraction, problem.classes(), problem.numClasses(), rng.split())
        : new int[][] {ValidationSplit.permutation(x.rows(), rng.split()), new int[0]};
    float[] w = new TrainingRun(this, problem, split[0], split[1], context, rng.split()).run();
    Provenance p = Provenance.of(objective.id(), effectiveParams(), context.seed(), x.rows());
    return new LinearModel(objective, x.cols(), problem.numClasses(), w, p);
  }

  @Override
  public String toString() {
    return "LinearTrainer[" + objective.id() + ", " + effectiveParams() + "]";
  }

  /** Options of a {@link LinearTrainer}; start from a preset factory. Not thread-safe. */
  public static final class Builder {
    private final Objective objective;
    private int epochs = LinearParams.EPOCHS;
    private int batchSize = LinearParams.BATCH_SIZE;
    private double learningRate = LinearParams.LEARNING_RATE;
    private String optimizer = LinearParams.OPTIMIZER;
    private String schedule = LinearParams.SCHEDULE;
    private double decay = LinearParams.DECAY;
    private double l2 = LinearParams.L2;
    private double l1 = 0;
    private boolean earlyStopping = LinearParams.EARLY_STOPPING;
    private double validationFraction = LinearParams.VALIDATION_FRACTION;
    private int patience = LinearParams.PATIENCE;
    private double tol = LinearParams.TOL;

    private Builder(Objective objective) {
      this.objective = Objects.requireNonNull(objective, "objective");
    }

    /** Maximum passes over the training rows. */
    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    /** Rows per gradient step. */
    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    /** Base learning rate of the schedule. */
    public Builder learningRate(double v) {
      learningRate = v;
      return this;
    }

    /** {@code sgd}, {@code momentum}, {@code adagrad} or {@code adam}. */
    public Builder optimizer(String v) {
      optimizer = v;
      return this;
    }

    /** {@code constant}, {@code step}, {@code inverse} or {@code cosine} (see {@link #params}). */
    public Builder schedule(String v) {
      schedule = v;
      return this;
    }

    /** Decay of the {@code step} and {@code inverse} schedules: the rate has halved after {@code 1/decay} updates. */
    public Builder decay(double v) {
      decay = v;
      return this;
    }

    /** L2 strength: adds {@code l2/2 * |w|^2} to the mean loss (biases excluded). */
    public Builder l2(double v) {
      l2 = v;
      return this;
    }

    /** L1 strength: adds {@code l1 * |w|_1} to the mean loss (biases excluded); logistic and linear only. */
    public Builder l1(double v) {
      l1 = v;
      return this;
    }

    /** Hold out {@code validation_fraction} of the rows and stop when their loss stops improving. */
    public Builder earlyStopping(boolean v) {
      earlyStopping = v;
      return this;
    }

    public Builder validationFraction(double v) {
      validationFraction = v;
      return this;
    }

    /** Epochs without an improvement greater than {@code tol} before stopping. */
    public Builder patience(int v) {
      patience = v;
      return this;
    }

    public Builder tol(double v) {
      tol = v;
      return this;
    }

    /** Validates every option; throws {@link InvalidInputException} naming the broken rule. */
    public LinearTrainer build() {
      return new LinearTrainer(this);
    }
  }
}
