package dev.trainyard.ml.optim;

import dev.trainyard.common.Check;
import java.util.Objects;

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
final class Adagrad implements Optimizer {
  private final LearningRateSchedule schedule;
  private final double eps;
  private final double l1;

  Adagrad(LearningRateSchedule schedule, double eps, double l1) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.eps = Check.strictlyBetween("eps", eps, 0, 1);
    this.l1 = Blocks.checkL1(l1);
  }

  @Override
  public String name() {
    return "adagrad";
  }

  @Override
  public LearningRateSchedule schedule() {
    return schedule;
  }

  @Override
  public double l1() {
    return l1;
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
