package dev.trainyard.ps.train;

import java.util.Objects;

/**
 * How the parameter server updates a vector on push: optimizer name ({@code sgd}, {@code momentum},
 * {@code adagrad}, {@code adam}), base learning rate, schedule ({@code constant}, {@code step},
 * {@code inverse}, {@code cosine}) with its decay, total steps (for cosine), and L1 strength.
 */
public record UpdateRule(String optimizer, double learningRate, String schedule, double decay, long totalSteps, double l1) {
  public UpdateRule {
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(schedule, "schedule");
  }
}
