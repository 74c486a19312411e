package dev.trainyard.ml.optim;

import dev.trainyard.common.Check;

/**
 * Adam (Kingma and Ba 2015). With {@code t = step + 1}:
 *
 * <pre>
 *   m = b1 * m + (1 - b1) * g
 *   v = b2 * v + (1 - b2) * g^2
 *   w -= lr_t * mhat / (sqrt(vhat) + eps),   mhat = m / (1 - b1^t),  vhat = v / (1 - b2^t)
 * </pre>
 *
 * computed in the equivalent form {@code w -= a_t * m / (sqrt(v) + eps_t)} with
 * {@code a_t = lr_t * sqrt(1 - b2^t) / (1 - b1^t)} and {@code eps_t = eps * sqrt(1 - b2^t)}, which
 * moves the bias corrections out of the loop. The L1 prox uses the per-coordinate step
 * {@code a_t / (sqrt(v) + eps_t)}. Two slots: {@code m} and {@code v}.
 */
final class Adam extends ScheduledOptimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;

  Adam(LearningRateSchedule schedule, double beta1, double beta2, double eps, double l1) {
    super(schedule, l1);
    this.beta1 = Check.between("beta1", beta1, 0, 0.999999);
    this.beta2 = Check.between("beta2", beta2, 0, 0.99999999);
    this.eps = Check.strictlyBetween("eps", eps, 0, 1);
  }

  @Override
  public String name() {
    return "adam";
  }

  @Override
  public Optimizer withL1(double newL1) {
    return new Adam(schedule, beta1, beta2, eps, newL1);
  }

  @Override
  public int slots() {
    return 2;
  }

  @Override
  public void apply(OptimizerState state, float[] params, int offset, float[] grad, int gradOffset, int length, long step) {
    Blocks.checkBlock(state, 2, params, offset, grad, gradOffset, length, step);
    double t = (double) step + 1;
    double c2 = Math.sqrt(1 - Math.pow(beta2, t));
    float at = (float) (schedule.rate(step) * c2 / (1 - Math.pow(beta1, t)));
    float et = (float) (eps * c2);
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float l1f = (float) l1;
    float[] m = state.slot(0);
    float[] v = state.slot(1);
    int shift = gradOffset - offset;
    for (int i = offset, end = offset + length; i < end; i++) {
      float g = grad[i + shift];
      float mi = b1 * m[i] + (1 - b1) * g;
      float vi = b2 * v[i] + (1 - b2) * g * g;
      m[i] = mi;
      v[i] = vi;
      float eta = at / ((float) Math.sqrt(vi) + et);
      float w = params[i] - eta * mi;
      params[i] = l1f > 0 ? Blocks.softThreshold(w, eta * l1f) : w;
    }
  }

  @Override
  public String toString() {
    return "Adam[" + schedule + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + ", l1=" + l1 + "]";
  }
}
