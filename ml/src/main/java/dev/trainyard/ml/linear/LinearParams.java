package dev.trainyard.ml.linear;

import dev.trainyard.ml.optim.Schedules;
import dev.trainyard.ml.optim.SgdParams;
import dev.trainyard.ml.param.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/** Defaults of the linear trainers' hyper-parameters and their specs (the shared ones from {@link SgdParams}). */
final class LinearParams {
  private LinearParams() {}

  static final List<String> OPTIMIZERS = SgdParams.OPTIMIZERS;
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
    List<ParamSpec> s = new ArrayList<>(
        SgdParams.stepSpecs(EPOCHS, BATCH_SIZE, LEARNING_RATE, OPTIMIZER, SCHEDULE, DECAY));
    s.add(ParamSpec.real("l2", L2, 0, SgdParams.MAX_PENALTY,
        "L2 penalty l2/2*|w|^2 added to the mean loss (biases excluded)"));
    if (objective != Objective.SOFTMAX) {
      s.add(ParamSpec.real("l1", 0, 0, SgdParams.MAX_PENALTY,
          "L1 penalty l1*|w|_1 added to the mean loss (biases excluded), applied as a proximal step"));
    }
    s.addAll(SgdParams.stoppingSpecs(EARLY_STOPPING, VALIDATION_FRACTION, PATIENCE, TOL));
    return List.copyOf(s);
  }
}
