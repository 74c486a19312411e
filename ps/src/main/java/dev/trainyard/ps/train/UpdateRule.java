package dev.trainyard.ps.train;

import java.util.Objects;

/**
 * How the parameter server updates a vector on push: optimizer name ({@code sgd}, {@code momentum},
 * {@code adagrad}, {@code adam}), base learning rate, schedule (the server applies {@code constant}
 * or {@code inverse}: {@code lr / (1 + decay * t)} at its t-th push) with its decay, total steps,
 * and L1 strength.
 */
public record UpdateRule(String optimizer, double learningRate, String schedule, double decay, long totalSteps, double l1) {
  public UpdateRule {
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(schedule, "schedule");
    if (!schedule.equals("constant") && !schedule.equals("inverse")) {
      throw new dev.trainyard.common.InvalidInputException(
          "on the parameter server, schedule must be constant or inverse, was '" + schedule + "'");
    }
  }
}
