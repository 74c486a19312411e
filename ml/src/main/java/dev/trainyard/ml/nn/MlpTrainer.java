package dev.trainyard.ml.nn;

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
 * Mini-batch training of an {@link MlpModel} classifier: He/Xavier initialisation from the seed,
 * seeded shuffled epochs, a chosen optimizer and learning-rate schedule, L2 weight decay, inverted
 * dropout on hidden layers, and optional early stopping on a seeded stratified validation split
 * that keeps the best weights. Each batch is split into fixed chunks whose gradients are computed
 * on the context's executor and summed in a fixed order, with dropout masks seeded per
 * (seed, epoch, batch, chunk), so a seed gives the same model whatever the thread count.
 * Immutable and thread-safe.
 */
public final class MlpTrainer implements Trainer<MlpModel> {
  /** The algorithm name in the registry and in provenance. */
  public static final String ALGORITHM = "mlp";

  final List<Integer> hidden;
  final Activation activation;
  final double dropout;
  final int epochs;
  final int batchSize;
  final double learningRate;
  final String optimizer;
  final String schedule;
  final double decay;
  final double l2;
  final boolean earlyStopping;
  final double validationFraction;
  final int patience;
  final double tol;

  private MlpTrainer(Builder b) {
    this.hidden = checkHidden(b.hidden);
    this.activation = Activation.fromId(b.activation);
    this.dropout = Check.between("dropout", b.dropout, 0, MlpParams.MAX_DROPOUT);
    this.epochs = Check.between("epochs", b.epochs, 1, SgdParams.MAX_EPOCHS);
    this.batchSize = Check.between("batch_size", b.batchSize, 1, SgdParams.MAX_BATCH);
    this.learningRate = Check.between("learning_rate", b.learningRate, SgdParams.MIN_RATE, SgdParams.MAX_RATE);
    this.optimizer = SgdParams.choice("optimizer", b.optimizer, SgdParams.OPTIMIZERS);
    this.schedule = SgdParams.choice("schedule", b.schedule, Schedules.NAMES);
    this.decay = Check.between("decay", b.decay, 0, SgdParams.MAX_PENALTY);
    this.l2 = Check.between("l2", b.l2, 0, SgdParams.MAX_PENALTY);
    this.earlyStopping = b.earlyStopping;
    this.validationFraction = Check.between("validation_fraction", b.validationFraction, 0.01, 0.5);
    this.patience = Check.between("patience", b.patience, 1, SgdParams.MAX_EPOCHS);
    this.tol = Check.between("tol", b.tol, 0, 1);
  }

  /** A builder with the defaults of {@link #params}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The hyper-parameters with their defaults and ranges. */
  public static List<ParamSpec> params() {
    return MlpParams.specs();
  }

  /** A trainer from validated parameters (see {@link #params}). */
  public static MlpTrainer fromParams(Params p) {
    return builder()
        .hidden(p.getIntList("hidden"))
        .activation(p.getString("activation"))
        .dropout(p.getDouble("dropout"))
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
        .tol(p.getDouble("tol"))
        .build();
  }

  /** Every hyper-parameter with its value as text, named as in {@link #params}; recorded in provenance. */
  public Map<String, String> effectiveParams() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("hidden", String.join(",", hidden.stream().map(String::valueOf).toList()));
    m.put("activation", activation.id());
    m.put("dropout", Double.toString(dropout));
    m.put("epochs", Integer.toString(epochs));
    m.put("batch_size", Integer.toString(batchSize));
    m.put("learning_rate", Double.toString(learningRate));
    m.put("optimizer", optimizer);
    m.put("schedule", schedule);
    m.put("decay", Double.toString(decay));
    m.put("l2", Double.toString(l2));
    m.put("early_stopping", Boolean.toString(earlyStopping));
    m.put("validation_fraction", Double.toString(validationFraction));
    m.put("patience", Integer.toString(patience));
    m.put("tol", Double.toString(tol));
    return m;
  }

  @Override
  public MlpModel train(FeatureMatrix x, Target y, TrainContext context) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    Objects.requireNonNull(context, "context");
    Target.Classes classes = checkData(x, y);
    MlpLayout layout = MlpLayout.of(x.cols(), hidden, classes.numClasses());
    float[] rowMajor = x.toRowMajor();
    SplittableRandom rng = new SplittableRandom(context.seed());
    int[][] split = earlyStopping
        ? ValidationSplit.split(x.rows(), validationFraction, classes.codes(), classes.numClasses(), rng.split())
        : new int[][] {ValidationSplit.permutation(x.rows(), rng.split()), new int[0]};
    float[] init = MlpGradients.initialize(layout, activation, rng.nextLong());
    MlpRun run = new MlpRun(this, layout, rowMajor, classes.codes(), split[0], split[1], context, rng.split(),
        rng.nextLong());
    float[] params = run.run(init);
    Provenance p = Provenance.of(ALGORITHM, effectiveParams(), context.seed(), x.rows());
    return new MlpModel(layout, activation, params, p);
  }

  private static Target.Classes checkData(FeatureMatrix x, Target y) {
    if (x.rows() != y.size()) {
      throw new InvalidInputException("features have " + x.rows() + " rows but the target has " + y.size());
    }
    if (x.rows() == 0 || x.cols() == 0) {
      throw new InvalidInputException("training needs at least 1 row and 1 feature, was " + x.rows() + " rows and "
          + x.cols() + " features");
    }
    if (!(y instanceof Target.Classes c)) {
      throw new InvalidInputException("mlp is a classifier and needs class labels, got a numeric target");
    }
    if (c.numClasses() < 2) {
      throw new InvalidInputException("mlp needs at least 2 classes, was " + c.numClasses());
    }
    for (int i = 0; i < c.codes().length; i++) {
      int code = c.codes()[i];
      if (code < 0 || code >= c.numClasses()) {
        throw new InvalidInputException("class codes must be between 0 and " + (c.numClasses() - 1) + ", row " + i
            + " is " + code);
      }
    }
    x.requireFinite();
    return c;
  }

  private static List<Integer> checkHidden(List<Integer> hidden) {
    Objects.requireNonNull(hidden, "hidden");
    if (hidden.size() > MlpParams.MAX_HIDDEN_LAYERS) {
      throw new InvalidInputException("hidden must have at most " + MlpParams.MAX_HIDDEN_LAYERS
          + " layers, was " + hidden.size());
    }
    for (Integer units : hidden) {
      Check.between("hidden layer size", Objects.requireNonNull(units, "hidden layer size"), 1, MlpParams.MAX_UNITS);
    }
    return List.copyOf(hidden);
  }

  @Override
  public String toString() {
    return "MlpTrainer" + effectiveParams();
  }

  /** Options of an {@link MlpTrainer}; starts from the defaults of {@link #params}. Not thread-safe. */
  public static final class Builder {
    private List<Integer> hidden = List.of(Integer.parseInt(MlpParams.HIDDEN));
    private String activation = MlpParams.ACTIVATION;
    private double dropout = MlpParams.DROPOUT;
    private int epochs = MlpParams.EPOCHS;
    private int batchSize = MlpParams.BATCH_SIZE;
    private double learningRate = MlpParams.LEARNING_RATE;
    private String optimizer = MlpParams.OPTIMIZER;
    private String schedule = MlpParams.SCHEDULE;
    private double decay = MlpParams.DECAY;
    private double l2 = MlpParams.L2;
    private boolean earlyStopping = MlpParams.EARLY_STOPPING;
    private double validationFraction = MlpParams.VALIDATION_FRACTION;
    private int patience = MlpParams.PATIENCE;
    private double tol = MlpParams.TOL;

    private Builder() {}

    /** Units per hidden layer, input side first; empty gives softmax regression. */
    public Builder hidden(List<Integer> v) {
      hidden = v;
      return this;
    }

    /** Hidden layer sizes, input side first. */
    public Builder hidden(int... units) {
      hidden = java.util.Arrays.stream(units).boxed().toList();
      return this;
    }

    /** {@code relu} or {@code tanh}. */
    public Builder activation(String v) {
      activation = v;
      return this;
    }

    /** Probability in [0, 0.95] of dropping each hidden unit of each training row. */
    public Builder dropout(double v) {
      dropout = v;
      return this;
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

    /** {@code constant}, {@code step}, {@code inverse} or {@code cosine} (see {@link Schedules#named}). */
    public Builder schedule(String v) {
      schedule = v;
      return this;
    }

    /** Decay of the {@code step} and {@code inverse} schedules: the rate has halved after {@code 1/decay} updates. */
    public Builder decay(double v) {
      decay = v;
      return this;
    }

    /** Weight decay: adds {@code l2/2 * |W|^2} to the mean loss (biases excluded). */
    public Builder l2(double v) {
      l2 = v;
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
    public MlpTrainer build() {
      return new MlpTrainer(this);
    }
  }
}
