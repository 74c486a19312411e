package dev.trainyard.ml.optim;

import dev.trainyard.common.InvalidInputException;
import java.util.List;

/** The learning-rate schedules users can name in trainer parameters. Stateless. */
public final class Schedules {
  /** The names accepted by {@link #named}. */
  public static final List<String> NAMES = List.of("constant", "step", "inverse", "cosine");

  private Schedules() {}

  /**
   * The schedule called {@code name} over update index t. {@code decay} is such that both decaying
   * schedules have halved the rate after {@code 1/decay} updates: inverse {@code lr / (1 + decay * t)},
   * step {@code lr * 0.5^floor(t / round(1/decay))} (constant when decay is 0). Cosine anneals from
   * {@code lr} to 0 over {@code totalUpdates}.
   */
  public static LearningRateSchedule named(String name, double lr, double decay, long totalUpdates) {
    switch (name) {
      case "constant":
        return LearningRateSchedule.constant(lr);
      case "step":
        return decay == 0
            ? LearningRateSchedule.constant(lr)
            : LearningRateSchedule.step(lr, 0.5, Math.max(1, Math.round(1 / decay)));
      case "inverse":
        return LearningRateSchedule.inverseTime(lr, decay);
      case "cosine":
        return LearningRateSchedule.cosine(lr, Math.max(1, totalUpdates), 0);
      default:
        throw new InvalidInputException("schedule must be one of " + NAMES + ", was '" + name + "'");
    }
  }
}
