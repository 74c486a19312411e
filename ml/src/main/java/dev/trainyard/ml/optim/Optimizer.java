package dev.trainyard.ml.optim;

/**
 * Updates a contiguous block of a parameter array in place from a gradient block (a descent step:
 * parameters move against the gradient). Implementations are immutable and thread-safe; all mutable
 * memory lives in an {@link OptimizerState} created by {@link #newState} and indexed like the
 * parameter array, so one optimizer can serve a whole model or one range of a parameter-server
 * table.
 *
 * <p>Weight decay (L2) is part of the gradient the caller passes in. L1 is applied here as a
 * <em>proximal</em> step after the update: each updated parameter is soft-thresholded,
 * {@code w = sign(w) * max(|w| - l1 * eta_i, 0)}, where {@code eta_i} is the step size the optimizer
 * just used for that coordinate ({@code lr} for SGD, {@code lr / (1 - mu)} for momentum, the adaptive
 * per-coordinate step for Adagrad and Adam). This yields exact zeros, which a subgradient step
 * would not.
 */
public interface Optimizer {
  /** Short lower-case name: {@code sgd}, {@code momentum}, {@code adagrad} or {@code adam}. */
  String name();

  /** The learning rate as a function of the update index. */
  LearningRateSchedule schedule();

  /** The L1 strength of the proximal step; 0 disables it. */
  double l1();

  /** The same optimizer with another L1 strength (e.g. 0 for bias terms). */
  Optimizer withL1(double l1);

  /** Number of slot arrays this optimizer keeps per parameter. */
  int slots();

  /** Fresh zero state for a block of {@code size} parameters. */
  default OptimizerState newState(int size) {
    return new OptimizerState(slots(), size);
  }

  /**
   * Updates {@code params[offset .. offset+length)} from {@code grad[gradOffset .. gradOffset+length)}.
   * {@code state} is indexed like {@code params}. {@code step} is the 0-based index of this update
   * (0 for the first one); it selects the learning rate and drives Adam's bias correction.
   */
  void apply(OptimizerState state, float[] params, int offset, float[] grad, int gradOffset, int length, long step);

  /** As {@link #apply(OptimizerState, float[], int, float[], int, int, long)} with a gradient indexed like the parameters. */
  default void apply(OptimizerState state, float[] params, float[] grad, int offset, int length, long step) {
    apply(state, params, offset, grad, offset, length, step);
  }

  /** Plain SGD: {@code w -= lr * g}. */
  static Optimizer sgd(LearningRateSchedule schedule) {
    return new Sgd(schedule, 0);
  }

  /** Heavy-ball momentum ({@code nesterov} false) or Nesterov momentum; see {@link Momentum}. */
  static Optimizer momentum(LearningRateSchedule schedule, double momentum, boolean nesterov) {
    return new Momentum(schedule, momentum, nesterov, 0);
  }

  /** Adagrad with the usual {@code eps = 1e-8}. */
  static Optimizer adagrad(LearningRateSchedule schedule) {
    return new Adagrad(schedule, 1e-8, 0);
  }

  /** Adam with {@code beta1 = 0.9, beta2 = 0.999, eps = 1e-8}. */
  static Optimizer adam(LearningRateSchedule schedule) {
    return new Adam(schedule, 0.9, 0.999, 1e-8, 0);
  }

  /**
   * The optimizer called {@code name} ({@code sgd}, {@code momentum} (0.9, classical),
   * {@code adagrad}, {@code adam}) with default settings.
   */
  static Optimizer named(String name, LearningRateSchedule schedule) {
    switch (name) {
      case "sgd":
        return sgd(schedule);
      case "momentum":
        return momentum(schedule, 0.9, false);
      case "adagrad":
        return adagrad(schedule);
      case "adam":
        return adam(schedule);
      default:
        throw new dev.trainyard.common.InvalidInputException(
            "optimizer must be one of [sgd, momentum, adagrad, adam], was '" + name + "'");
    }
  }
}
