package dev.trainyard.ml.optim;

import dev.trainyard.common.Check;
import dev.trainyard.common.InvalidInputException;

/**
 * The learning rate as a function of the 0-based update index {@code t}. Implementations are
 * immutable value objects; build them with the factories.
 */
@FunctionalInterface
public interface LearningRateSchedule {
  /** The learning rate of update {@code t} ({@code t >= 0}); positive and finite. */
  double rate(long t);

  /** {@code lr} at every step. */
  static LearningRateSchedule constant(double lr) {
    return new Constant(checkRate(lr));
  }

  /** Step decay: {@code lr * factor^floor(t / every)}. */
  static LearningRateSchedule step(double lr, double factor, long every) {
    if (!(factor > 0 && factor <= 1)) {
      throw new InvalidInputException("factor must be greater than 0 and at most 1, was " + factor);
    }
    if (every < 1) {
      throw new InvalidInputException("every must be >= 1, was " + every);
    }
    return new Step(checkRate(lr), factor, every);
  }

  /** Inverse-time decay: {@code lr / (1 + decay * t)}. */
  static LearningRateSchedule inverseTime(double lr, double decay) {
    if (!(decay >= 0 && decay < Double.POSITIVE_INFINITY)) {
      throw new InvalidInputException("decay must be >= 0 and finite, was " + decay);
    }
    return new InverseTime(checkRate(lr), decay);
  }

  /**
   * Cosine annealing from {@code lr} down to {@code minLr} over {@code total} updates, then flat:
   * {@code minLr + (lr - minLr) * (1 + cos(pi * min(t, total) / total)) / 2}.
   */
  static LearningRateSchedule cosine(double lr, long total, double minLr) {
    if (total < 1) {
      throw new InvalidInputException("total must be >= 1, was " + total);
    }
    Check.between("minLr", minLr, 0, checkRate(lr));
    return new Cosine(lr, total, minLr);
  }

  private static double checkRate(double lr) {
    if (!(lr > 0 && lr < Double.POSITIVE_INFINITY)) {
      throw new InvalidInputException("learning_rate must be positive and finite, was " + lr);
    }
    return lr;
  }

  /** See {@link #constant}. */
  record Constant(double lr) implements LearningRateSchedule {
    @Override
    public double rate(long t) {
      return lr;
    }
  }

  /** See {@link #step}. */
  record Step(double lr, double factor, long every) implements LearningRateSchedule {
    @Override
    public double rate(long t) {
      return lr * Math.pow(factor, (double) (t / every));
    }
  }

  /** See {@link #inverseTime}. */
  record InverseTime(double lr, double decay) implements LearningRateSchedule {
    @Override
    public double rate(long t) {
      return lr / (1 + decay * t);
    }
  }

  /** See {@link #cosine}. */
  record Cosine(double lr, long total, double minLr) implements LearningRateSchedule {
    @Override
    public double rate(long t) {
      double progress = (double) Math.min(t, total) / total;
      return minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
  }
}
