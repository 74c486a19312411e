package dev.trainyard.ml.nn;

import dev.trainyard.ml.optim.SgdParams;
import dev.trainyard.ml.param.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/** Limits and defaults of the perceptron trainer's hyper-parameters and their specs (the shared ones from {@link SgdParams}). */
final class MlpParams {
  private MlpParams() {}

  static final int MAX_UNITS = 65_536;
  static final int MAX_HIDDEN_LAYERS = 16;
  static final double MAX_DROPOUT = 0.95;

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
    List<ParamSpec> s = new ArrayList<>(List.of(
        ParamSpec.intList("hidden", HIDDEN, 1, MAX_UNITS,
            "units per hidden layer, comma-separated, input side first (e.g. 256,128)"),
        ParamSpec.choice("activation", ACTIVATION, List.of("relu", "tanh"), "hidden-layer non-linearity"),
        ParamSpec.real("dropout", DROPOUT, 0, MAX_DROPOUT,
            "probability of zeroing each hidden unit per training row (inverted dropout; off at prediction)")));
    s.addAll(SgdParams.stepSpecs(EPOCHS, BATCH_SIZE, LEARNING_RATE, OPTIMIZER, SCHEDULE, DECAY));
    s.add(ParamSpec.real("l2", L2, 0, SgdParams.MAX_PENALTY,
        "weight decay l2/2*|W|^2 added to the mean loss (biases excluded)"));
    s.addAll(SgdParams.stoppingSpecs(EARLY_STOPPING, VALIDATION_FRACTION, PATIENCE, TOL));
    return List.copyOf(s);
  }
}
