package dev.trainyard.ps.optim;

import dev.trainyard.common.Check;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.optim.LearningRateSchedule;
import dev.trainyard.ml.optim.Optimizer;
import dev.trainyard.ml.optim.OptimizerState;
import java.util.Objects;

/**
 * FTRL-proximal (McMahan et al. 2013), the per-coordinate online rule for sparse logistic
 * regression. With gradient {@code g} of coordinate {@code i}:
 *
 * <pre>
 *   sigma = (sqrt(n + g^2) - sqrt(n)) / alpha
 *   z    += g - sigma * w
 *   n    += g^2
 *   w     = 0                                                    if |z| <= l1
 *         = -(z - sign(z) * l1) / ((beta + sqrt(n)) / alpha + l2)  otherwise
 * </pre>
 *
 * The weight is a closed form of {@code z} and {@code n}, so L1 yields exact zeros. Two slots:
 * {@code z} and {@code n}. Immutable and thread-safe; the step index is unused (FTRL's rate is
 * per-coordinate).
 */
public final class Ftrl implements Optimizer {
  private final double alpha;
  private final double beta;
  private final double l1;
  private final double l2;

  /** FTRL with learning rate {@code alpha > 0}, smoothing {@code beta >= 0}, and L1/L2 strengths {@code >= 0}. */
  public Ftrl(double alpha, double beta, double l1, double l2) {
    this.alpha = Check.strictlyBetween("alpha", alpha, 0, Double.POSITIVE_INFINITY);
    this.beta = Check.between("beta", beta, 0, Double.MAX_VALUE);
    this.l1 = Check.between("l1", l1, 0, Double.MAX_VALUE);
    this.l2 = Check.between("l2", l2, 0, Double.MAX_VALUE);
  }

  @Override
  public String name() {
    return "ftrl";
  }

  @Override
  public LearningRateSchedule schedule() {
    return LearningRateSchedule.constant(alpha);
  }

  @Override
  public double l1() {
    return l1;
  }

  @Override
  public Optimizer withL1(double newL1) {
    return new Ftrl(alpha, beta, newL1, l2);
  }

  @Override
  public int slots() {
    return 2;
  }

  @Override
  public void apply(OptimizerState state, float[] params, int offset, float[] grad, int gradOffset, int length, long step) {
    checkBlock(state, params, offset, grad, gradOffset, length);
    float[] z = state.slot(0);
    float[] n = state.slot(1);
    int shift = gradOffset - offset;
    for (int i = offset, end = offset + length; i < end; i++) {
      double g = grad[i + shift];
      double ni = n[i];
      double nNew = ni + g * g;
      double sigma = (Math.sqrt(nNew) - Math.sqrt(ni)) / alpha;
      double zi = z[i] + g - sigma * params[i];
      z[i] = (float) zi;
      n[i] = (float) nNew;
      params[i] = Math.abs(zi) <= l1 ? 0f
          : (float) (-(zi - Math.signum(zi) * l1) / ((beta + Math.sqrt(nNew)) / alpha + l2));
    }
  }

  private static void checkBlock(OptimizerState state, float[] params, int offset, float[] grad, int gradOffset, int length) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(grad, "grad");
    if (state.slotCount() != 2) {
      throw new InvalidInputException("state must have 2 slots, has " + state.slotCount());
    }
    Objects.checkFromIndexSize(offset, length, params.length);
    Objects.checkFromIndexSize(offset, length, state.size());
    Objects.checkFromIndexSize(gradOffset, length, grad.length);
  }

  @Override
  public String toString() {
    return "Ftrl[alpha=" + alpha + ", beta=" + beta + ", l1=" + l1 + ", l2=" + l2 + "]";
  }
}
