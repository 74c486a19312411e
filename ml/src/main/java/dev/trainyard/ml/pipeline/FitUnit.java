package dev.trainyard.ml.pipeline;

import java.util.Objects;

/**
 * One model fit of an {@link ExperimentPlan}: its position in {@link ExperimentPlan#units()} and its
 * stage name, which is also the progress stage ("fold 2/5", "final model" or "training").
 */
public record FitUnit(int index, String stage) {
  public FitUnit {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
    Objects.requireNonNull(stage, "stage");
  }
}
