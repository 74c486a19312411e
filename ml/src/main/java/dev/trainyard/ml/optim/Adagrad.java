package dev.trainyard.ml.optim;

import dev.trainyard.common.Check;

/**
 * Adagrad: per-coordinate steps that shrink with the accumulated squared gradient,
 *
 * <pre>
 *   G += g^2
 *   eta_i = lr_t / (sqrt(G) + eps)
 *   w -= eta_i * g,   then the L1 prox with threshold eta_i * l1
 * </pre>
 *
 * One slot: {@code G}.
 */
final class Adagrad extends ScheduledOptimizer {
  private final double eps;

  Adagrad(LearningRateSchedule schedule, double eps, double l1) {
    super(schedule, l1);
    this.eps = Check.strictlyBetween("eps", eps, 0, 1);
  }

  @Override
  public String name() {
    return "adagrad";
  }

  @Override
  public Optimizer withL1(double newL1) {
    return new Adagrad(schedule, eps, newL1);
  }

  @Override
  public int slots() {
    return 1;
  }

  @Override
  public void apply(OptimizerState state, float[] params, int offset, float[] grad, int gradOffset, int length, long step) {
    Blocks.checkBlock(state, 1, params, offset, grad, gradOffset, length, step);
    float lr = (float) schedule.rate(step);
    float e = (float) eps;
    float l1f = (float) l1;
    float[] acc = state.slot(0);
    int shift = gradOffset - offset;
    for (int i = offset, end = offset + length; i < end; i++) {
      float g = grad[i + shift];
      float a = acc[i] + g * g;
      acc[i] = a;
      float eta = lr / ((float) Math.sqrt(a) + e);
      float w = params[i] - eta * g;
      params[i] = l1f > 0 ? Blocks.softThreshold(w, eta * l1f) : w;
    }
  }

  @Override
  public String toString() {
    return "Adagrad[" + schedule + ", eps=" + eps + ", l1=" + l1 + "]";
  }
}
