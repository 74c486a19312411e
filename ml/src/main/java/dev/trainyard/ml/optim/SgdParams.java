package dev.trainyard.ml.optim;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.param.ParamSpec;
import java.util.List;

/**
 * The mini-batch training hyper-parameters that the linear and perceptron trainers share: their
 * limits, their specs (names, ranges and help text, with each trainer's own defaults) and the check
 * of a named choice. Stateless.
 */
public final class SgdParams {
  private SgdParams() {}

  public static final int MAX_EPOCHS = 100_000;
  public static final int MAX_BATCH = 1_000_000;
  public static final double MIN_RATE = 1e-9;
  public static final double MAX_RATE = 100;
  public static final double MAX_PENALTY = 1000;
  /** The names accepted by {@link Optimizer#named}. */
  public static final List<String> OPTIMIZERS = List.of("sgd", "momentum", "adagrad", "adam");

  /** Specs of {@code epochs, batch_size, learning_rate, optimizer, schedule, decay}, in that order. */
  public static List<ParamSpec> stepSpecs(int epochs, int batchSize, double learningRate, String optimizer,
      String schedule, double decay) {
    return List.of(
        ParamSpec.integer("epochs", epochs, 1, MAX_EPOCHS, "maximum passes over the training rows"),
        ParamSpec.integer("batch_size", batchSize, 1, MAX_BATCH, "rows per gradient step"),
        ParamSpec.real("learning_rate", learningRate, MIN_RATE, MAX_RATE, "base learning rate of the schedule"),
        ParamSpec.choice("optimizer", optimizer, OPTIMIZERS, "update rule"),
        ParamSpec.choice("schedule", schedule, Schedules.NAMES,
            "learning rate over updates t: constant lr; step halves lr every round(1/decay) updates;"
                + " inverse lr/(1+decay*t); cosine from lr to 0 over all epochs"),
        ParamSpec.real("decay", decay, 0, MAX_PENALTY,
            "decay of the step and inverse schedules: the rate has halved after 1/decay updates"));
  }

  /** Specs of {@code early_stopping, validation_fraction, patience, tol}, in that order. */
  public static List<ParamSpec> stoppingSpecs(boolean earlyStopping, double validationFraction, int patience,
      double tol) {
    return List.of(
        ParamSpec.bool("early_stopping", earlyStopping,
            "hold out validation_fraction of the rows, stop when their loss stops improving, keep the best weights"),
        ParamSpec.real("validation_fraction", validationFraction, 0.01, 0.5,
            "share of rows held out for early stopping"),
        ParamSpec.integer("patience", patience, 1, MAX_EPOCHS, "epochs without improvement before stopping"),
        ParamSpec.real("tol", tol, 0, 1, "smallest decrease of the validation loss that counts as an improvement"));
  }

  /** {@code value} when it is one of {@code choices}; otherwise an {@link InvalidInputException} naming them. */
  public static String choice(String name, String value, List<String> choices) {
    if (value == null || !choices.contains(value)) {
      throw new InvalidInputException(name + " must be one of " + choices + ", was '" + value + "'");
    }
    return value;
  }
}
