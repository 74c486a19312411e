package dev.trainyard.ml.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainyard.common.InvalidInputException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizerTest {
  /** f(w) = 1/2 sum_i a_i (w_i - c_i)^2: ill-conditioned (a from 0.5 to 5) but convex. */
  private static final float[] A = {0.5f, 1f, 2f, 5f, 3f, 0.8f};
  private static final float[] C = {1f, -2f, 0.5f, 3f, -1f, 0f};

  static Stream<Arguments> optimizers() {
    return Stream.of(
        Arguments.of(Optimizer.sgd(LearningRateSchedule.constant(0.1))),
        Arguments.of(Optimizer.momentum(LearningRateSchedule.constant(0.02), 0.9, false)),
        Arguments.of(Optimizer.momentum(LearningRateSchedule.constant(0.02), 0.9, true)),
        Arguments.of(Optimizer.adagrad(LearningRateSchedule.constant(0.5))),
        Arguments.of(Optimizer.adam(LearningRateSchedule.constant(0.05))));
  }

  private static double objective(float[] w) {
    double f = 0;
    for (int i = 0; i < w.length; i++) {
      f += 0.5 * A[i] * (w[i] - C[i]) * (w[i] - C[i]);
    }
    return f;
  }

  private static void gradient(float[] w, float[] g) {
    for (int i = 0; i < w.length; i++) {
      g[i] = A[i] * (w[i] - C[i]);
    }
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void everyOptimizerMinimisesAConvexQuadratic(Optimizer opt) {
    float[] w = new float[A.length];
    float[] g = new float[A.length];
    OptimizerState state = opt.newState(w.length);
    double start = objective(w);
    for (long t = 0; t < 500; t++) {
      gradient(w, g);
      opt.apply(state, w, g, 0, w.length, t);
    }
    assertThat(objective(w)).as(opt.toString()).isLessThan(1e-4 * start);
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void updatingTwoHalvesEqualsUpdatingTheWholeBlock(Optimizer opt) {
    float[] whole = {1f, 2f, 3f, 4f, 5f, 6f};
    float[] halves = whole.clone();
    float[] g = {0.5f, -1f, 2f, 0f, -0.25f, 1f};
    OptimizerState s1 = opt.newState(6);
    OptimizerState s2 = opt.newState(6);
    for (long t = 0; t < 3; t++) {
      opt.apply(s1, whole, g, 0, 6, t);
      opt.apply(s2, halves, g, 0, 3, t);
      opt.apply(s2, halves, g, 3, 3, t);
    }
    assertThat(halves).containsExactly(whole);
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void aGradientBlockIndexedFromZeroUpdatesOnlyTheGivenRange(Optimizer opt) {
    float[] params = {1f, 1f, 1f, 1f, 1f};
    float[] pushed = {2f, -2f};
    OptimizerState state = opt.newState(params.length);
    opt.apply(state, params, 2, pushed, 0, 2, 0);
    assertThat(params[0]).isEqualTo(1f);
    assertThat(params[1]).isEqualTo(1f);
    assertThat(params[2]).isLessThan(1f);
    assertThat(params[3]).isGreaterThan(1f);
    assertThat(params[4]).isEqualTo(1f);
  }

  @Test
  void sgdStepsAgainstTheGradientScaledByTheRate() {
    float[] w = {1f, -1f};
    Optimizer.sgd(LearningRateSchedule.constant(0.5)).apply(new OptimizerState(0, 2), w, new float[] {2f, -4f}, 0, 2, 0);
    assertThat(w).containsExactly(0f, 1f);
  }

  @Test
  void adamsFirstStepMovesEveryCoordinateByAboutTheLearningRate() {
    // Bias correction makes mhat / sqrt(vhat) = sign(g) on step 0, whatever the gradient's scale.
    float[] w = new float[3];
    Optimizer.adam(LearningRateSchedule.constant(0.01)).apply(new OptimizerState(2, 3), w, new float[] {1e-3f, 5f, -200f}, 0, 3, 0);
    assertThat(w[0]).isCloseTo(-0.01f, within(1e-5f));
    assertThat(w[1]).isCloseTo(-0.01f, within(1e-6f));
    assertThat(w[2]).isCloseTo(0.01f, within(1e-6f));
  }

  @Test
  void nesterovLooksAheadOnTheVelocity() {
    float[] classical = {0f};
    float[] nesterov = {0f};
    Optimizer c = Optimizer.momentum(LearningRateSchedule.constant(1), 0.5, false);
    Optimizer n = Optimizer.momentum(LearningRateSchedule.constant(1), 0.5, true);
    OptimizerState sc = c.newState(1);
    OptimizerState sn = n.newState(1);
    for (long t = 0; t < 2; t++) {
      c.apply(sc, classical, new float[] {1f}, 0, 1, t);
      n.apply(sn, nesterov, new float[] {1f}, 0, 1, t);
    }
    // v1 = 1, v2 = 1.5. Classical: -(1 + 1.5). Nesterov: -(1 + 0.5*1) - (1 + 0.5*1.5).
    assertThat(classical[0]).isEqualTo(-2.5f);
    assertThat(nesterov[0]).isEqualTo(-3.25f);
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void theL1ProximalStepSetsWeaklySupportedWeightsToExactlyZero(Optimizer opt) {
    // Minimise 1/2 (w - 0.05)^2 + 0.1 |w|: the optimum is exactly 0 because |0.05| < 0.1.
    Optimizer withL1 = opt.withL1(0.1);
    float[] w = {1f};
    float[] g = new float[1];
    OptimizerState state = withL1.newState(1);
    for (long t = 0; t < 2000; t++) {
      g[0] = w[0] - 0.05f;
      withL1.apply(state, w, g, 0, 1, t);
    }
    assertThat(w[0]).as(withL1.toString()).isEqualTo(0f);
    assertThat(withL1.l1()).isEqualTo(0.1);
    assertThat(withL1.name()).isEqualTo(opt.name());
  }

  @Test
  void stateHasOneSlotArrayPerOptimizerMoment() {
    LearningRateSchedule lr = LearningRateSchedule.constant(0.1);
    assertThat(Optimizer.sgd(lr).newState(4).slotCount()).isZero();
    assertThat(Optimizer.momentum(lr, 0.9, false).newState(4).slotCount()).isEqualTo(1);
    assertThat(Optimizer.adagrad(lr).newState(4).slotCount()).isEqualTo(1);
    OptimizerState adam = Optimizer.adam(lr).newState(4);
    assertThat(adam.slotCount()).isEqualTo(2);
    assertThat(adam.size()).isEqualTo(4);
    assertThat(adam.slot(1)).hasSize(4);
  }

  @Test
  void aCopiedStateIsIndependent() {
    Optimizer adam = Optimizer.adam(LearningRateSchedule.constant(0.1));
    OptimizerState state = adam.newState(2);
    OptimizerState copy = state.copy();
    adam.apply(state, new float[2], new float[] {1f, 1f}, 0, 2, 0);
    assertThat(copy.slot(0)).containsExactly(0f, 0f);
    assertThat(state.slot(0)[0]).isNotZero();
  }

  @Test
  void namedOptimizersMatchTheirNames() {
    LearningRateSchedule lr = LearningRateSchedule.constant(0.1);
    for (String name : new String[] {"sgd", "momentum", "adagrad", "adam"}) {
      assertThat(Optimizer.named(name, lr).name()).isEqualTo(name);
    }
    assertThatThrownBy(() -> Optimizer.named("rmsprop", lr))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("optimizer must be one of [sgd, momentum, adagrad, adam], was 'rmsprop'");
  }

  @Test
  void invalidArgumentsNameTheBrokenRule() {
    LearningRateSchedule lr = LearningRateSchedule.constant(0.1);
    Optimizer adam = Optimizer.adam(lr);
    assertThatThrownBy(() -> adam.withL1(-1)).hasMessage("l1 must be >= 0 and finite, was -1.0");
    assertThatThrownBy(() -> Optimizer.momentum(lr, 1.5, false)).hasMessage("momentum must be between 0 and 0.999999, was 1.5");
    assertThatThrownBy(() -> adam.apply(adam.newState(2), new float[2], new float[2], 0, 2, -1))
        .hasMessage("step must be >= 0, was -1");
    assertThatThrownBy(() -> adam.apply(new OptimizerState(1, 2), new float[2], new float[2], 0, 2, 0))
        .hasMessage("state must have 2 slots, has 1");
    assertThatThrownBy(() -> adam.apply(adam.newState(2), new float[4], new float[4], 1, 3, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
