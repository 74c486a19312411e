package dev.trainyard.ml.linear;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.optim.Schedules;
import dev.trainyard.ml.param.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/** Names, defaults and ranges of the linear trainers' hyper-parameters. */
final class LinearParams {
  private LinearParams() {}

  static final int MAX_EPOCHS = 100_000;
  static final int MAX_BATCH = 1_000_000;
  static final double MIN_RATE = 1e-9;
  static final double MAX_RATE = 100;
  static final double MAX_PENALTY = 1000;
  static final List<String> OPTIMIZERS = List.of("sgd", "momentum", "adagrad", "adam");
  static final List<String> SCHEDULES = Schedules.NAMES;

  static final int EPOCHS = 100;
  static final int BATCH_SIZE = 64;
  static final double LEARNING_RATE = 0.01;
  static final String OPTIMIZER = "adam";
  static final String SCHEDULE = "inverse";
  static final double DECAY = 0.003;
  static final double L2 = 1e-4;
  static final boolean EARLY_STOPPING = true;
  static final double VALIDATION_FRACTION = 0.1;
  static final int PATIENCE = 5;
  static final double TOL = 1e-4;

  static List<ParamSpec> specs(Objective objective) {
    List<ParamSpec> s = new ArrayList<>();
    s.add(ParamSpec.integer("epochs", EPOCHS, 1, MAX_EPOCHS, "maximum passes over the training rows"));
    s.add(ParamSpec.integer("batch_size", BATCH_SIZE, 1, MAX_BATCH, "rows per gradient step"));
    s.add(ParamSpec.real("learning_rate", LEARNING_RATE, MIN_RATE, MAX_RATE, "base learning rate of the schedule"));
    s.add(ParamSpec.choice("optimizer", OPTIMIZER, OPTIMIZERS, "update rule"));
    s.add(ParamSpec.choice("schedule", SCHEDULE, SCHEDULES,
        "learning rate over updates t: constant lr; step halves lr every round(1/decay) updates; inverse lr/(1+decay*t);"
            + " cosine from lr to 0 over all epochs"));
    s.add(ParamSpec.real("decay", DECAY, 0, MAX_PENALTY,
        "decay of the step and inverse schedules: the rate has halved after 1/decay updates"));
    s.add(ParamSpec.real("l2", L2, 0, MAX_PENALTY, "L2 penalty l2/2*|w|^2 added to the mean loss (biases excluded)"));
    if (objective != Objective.SOFTMAX) {
      s.add(ParamSpec.real("l1", 0, 0, MAX_PENALTY,
          "L1 penalty l1*|w|_1 added to the mean loss (biases excluded), applied as a proximal step"));
    }
    s.add(ParamSpec.bool("early_stopping", EARLY_STOPPING,
        "hold out validation_fraction of the rows, stop when their loss stops improving, keep the best weights"));
    s.add(ParamSpec.real("validation_fraction", VALIDATION_FRACTION, 0.01, 0.5, "share of rows held out for early stopping"));
    s.add(ParamSpec.integer("patience", PATIENCE, 1, MAX_EPOCHS, "epochs without improvement before stopping"));
    s.add(ParamSpec.real("tol", TOL, 0, 1, "smallest decrease of the validation loss that counts as an improvement"));
    return List.copyOf(s);
  }

  static String choice(String name, String value, List<String> choices) {
    if (value == null || !choices.contains(value)) {
      throw new InvalidInputException(name + " must be one of " + choices + ", was '" + value + "'");
    }
    return value;
  }
}
