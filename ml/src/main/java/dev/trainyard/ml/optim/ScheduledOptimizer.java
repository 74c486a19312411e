package dev.trainyard.ml.optim;

import java.util.Objects;

/** What every optimizer here holds: its learning-rate schedule and its L1 strength. Immutable. */
abstract class ScheduledOptimizer implements Optimizer {
  protected final LearningRateSchedule schedule;
  protected final double l1;

  ScheduledOptimizer(LearningRateSchedule schedule, double l1) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.l1 = Blocks.checkL1(l1);
  }

  @Override
  public final LearningRateSchedule schedule() {
    return schedule;
  }

  @Override
  public final double l1() {
    return l1;
  }
}
