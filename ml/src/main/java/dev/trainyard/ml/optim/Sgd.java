package dev.trainyard.ml.optim;

/** Plain stochastic gradient descent: {@code w -= lr_t * g}, then the L1 prox with threshold {@code lr_t * l1}. */
final class Sgd extends ScheduledOptimizer {

  Sgd(LearningRateSchedule schedule, double l1) {
    super(schedule, l1);
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public Optimizer withL1(double newL1) {
    return new Sgd(schedule, newL1);
  }

  @Override
  public int slots() {
    return 0;
  }

  @Override
  public void apply(OptimizerState state, float[] params, int offset, float[] grad, int gradOffset, int length, long step) {
    Blocks.checkBlock(state, 0, params, offset, grad, gradOffset, length, step);
    float lr = (float) schedule.rate(step);
    float tau = (float) (l1 * lr);
    int shift = gradOffset - offset;
    for (int i = offset, end = offset + length; i < end; i++) {
      params[i] -= lr * grad[i + shift];
    }
    if (tau > 0) {
      for (int i = offset, end = offset + length; i < end; i++) {
        params[i] = Blocks.softThreshold(params[i], tau);
      }
    }
  }

  @Override
  public String toString() {
    return "Sgd[" + schedule + ", l1=" + l1 + "]";
  }
}
