package dev.trainyard.ml.nn;

import dev.trainyard.ml.optim.Schedules;
import dev.trainyard.ml.param.ParamSpec;
import java.util.List;

/** Names, defaults and ranges of the perceptron trainer's hyper-parameters. */
final class MlpParams {
  private MlpParams() {}

  static final int MAX_UNITS = 65_536;
  static final int MAX_HIDDEN_LAYERS = 16;
  static final int MAX_EPOCHS = 100_000;
  static final int MAX_BATCH = 1_000_000;
  static final double MIN_RATE = 1e-9;
  static final double MAX_RATE = 100;
  static final double MAX_PENALTY = 1000;
  static final double MAX_DROPOUT = 0.95;
  static final List<String> OPTIMIZERS = List.of("sgd", "momentum", "adagrad", "adam");

  static final String HIDDEN = "128";
  static final String ACTIVATION = "relu";
  static final double DROPOUT = 0;
  static final int EPOCHS = 200;
  static final int BATCH_SIZE = 128;
  static final double LEARNING_RATE = 0.001;
  static final String OPTIMIZER = "adam";
  static final String SCHEDULE = "inverse";
  static final double DECAY = 1e-3;
  static final double L2 = 1e-4;
  static final boolean EARLY_STOPPING = true;
  static final double VALIDATION_FRACTION = 0.1;
  static final int PATIENCE = 4;
  static final double TOL = 1e-4;

  static List<ParamSpec> specs() {
    return List.of(
        ParamSpec.intList("hidden", HIDDEN, 1, MAX_UNITS,
            "units per hidden layer, comma-separated, input side first (e.g. 256,128)"),
        ParamSpec.choice("activation", ACTIVATION, List.of("relu", "tanh"), "hidden-layer non-linearity"),
        ParamSpec.real("dropout", DROPOUT, 0, MAX_DROPOUT,
            "probability of zeroing each hidden unit per training row (inverted dropout; off at prediction)"),
        ParamSpec.integer("epochs", EPOCHS, 1, MAX_EPOCHS, "maximum passes over the training rows"),
        ParamSpec.integer("batch_size", BATCH_SIZE, 1, MAX_BATCH, "rows per gradient step"),
        ParamSpec.real("learning_rate", LEARNING_RATE, MIN_RATE, MAX_RATE, "base learning rate of the schedule"),
        ParamSpec.choice("optimizer", OPTIMIZER, OPTIMIZERS, "update rule"),
        ParamSpec.choice("schedule", SCHEDULE, Schedules.NAMES,
            "learning rate over updates t: constant lr; step halves lr every round(1/decay) updates;"
                + " inverse lr/(1+decay*t); cosine from lr to 0 over all epochs"),
        ParamSpec.real("decay", DECAY, 0, MAX_PENALTY,
            "decay of the step and inverse schedules: the rate has halved after 1/decay updates"),
        ParamSpec.real("l2", L2, 0, MAX_PENALTY, "weight decay l2/2*|W|^2 added to the mean loss (biases excluded)"),
        ParamSpec.bool("early_stopping", EARLY_STOPPING,
            "hold out validation_fraction of the rows, stop when their loss stops improving, keep the best weights"),
        ParamSpec.real("validation_fraction", VALIDATION_FRACTION, 0.01, 0.5,
            "share of rows held out for early stopping"),
        ParamSpec.integer("patience", PATIENCE, 1, MAX_EPOCHS, "epochs without improvement before stopping"),
        ParamSpec.real("tol", TOL, 0, 1, "smallest decrease of the validation loss that counts as an improvement"));
  }
}
