package dev.trainyard.ml.optim;

import dev.trainyard.common.Check;

/**
 * SGD with momentum, in the form that keeps the velocity free of the learning rate (so a schedule
 * can change {@code lr} without rescaling it):
 *
 * <pre>
 *   v = mu * v + g
 *   classical: w -= lr_t * v
 *   Nesterov:  w -= lr_t * (g + mu * v)      (look-ahead on the updated velocity)
 * </pre>
 *
 * followed by the L1 prox with threshold {@code lr_t * l1 / (1 - mu)}. At a fixed point the velocity
 * is {@code g / (1 - mu)}, so both forms step by {@code lr_t * g / (1 - mu)}; thresholding with the
 * same effective step makes the fixed point the true L1-penalised optimum (with {@code lr_t * l1} it
 * would be the optimum for {@code (1 - mu) * l1}). One slot: the velocity.
 */
final class Momentum extends ScheduledOptimizer {
  private final double mu;
  private final boolean nesterov;

  Momentum(LearningRateSchedule schedule, double mu, boolean nesterov, double l1) {
    super(schedule, l1);
    this.mu = Check.between("momentum", mu, 0, 0.999999);
    this.nesterov = nesterov;
  }

  @Override
  public String name() {
    return "momentum";
  }

  @Override
  public Optimizer withL1(double newL1) {
    return new Momentum(schedule, mu, nesterov, newL1);
  }

  @Override
  public int slots() {
    return 1;
  }

  @Override
  public void apply(OptimizerState state, float[] params, int offset, float[] grad, int gradOffset, int length, long step) {
    Blocks.checkBlock(state, 1, params, offset, grad, gradOffset, length, step);
    float lr = (float) schedule.rate(step);
    float m = (float) mu;
    float tau = (float) (l1 * lr / (1 - mu));
    float[] v = state.slot(0);
    int shift = gradOffset - offset;
    for (int i = offset, end = offset + length; i < end; i++) {
      float g = grad[i + shift];
      float vi = m * v[i] + g;
      v[i] = vi;
      float w = params[i] - lr * (nesterov ? g + m * vi : vi);
      params[i] = tau > 0 ? Blocks.softThreshold(w, tau) : w;
    }
  }

  @Override
  public String toString() {
    return "Momentum[" + schedule + ", mu=" + mu + ", nesterov=" + nesterov + ", l1=" + l1 + "]";
  }
}
