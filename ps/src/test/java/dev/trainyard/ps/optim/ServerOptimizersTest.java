package dev.trainyard.ps.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.optim.Optimizer;
import dev.trainyard.ml.optim.OptimizerState;
import dev.trainyard.ps.PsFixture;
import dev.trainyard.ps.client.TableSpec;
import dev.trainyard.rpc.v1.Consistency;
import dev.trainyard.rpc.v1.InitKind;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each optimizer applied by two shards gives exactly what the same optimizer gives applied locally. */
class ServerOptimizersTest {
  static Stream<Arguments> optimizers() {
    return Stream.of(
        Arguments.of("sgd", Map.of("learning_rate", 0.1)),
        Arguments.of("sgd", Map.of("learning_rate", 0.1, "l1", 0.05)),
        Arguments.of("momentum", Map.of("learning_rate", 0.05, "momentum", 0.8)),
        Arguments.of("momentum", Map.of("learning_rate", 0.05, "nesterov", 1.0)),
        Arguments.of("adagrad", Map.of("learning_rate", 0.2)),
        Arguments.of("adam", Map.of("learning_rate", 0.01)),
        Arguments.of("adam", Map.of("learning_rate", 0.01, "decay", 0.05)),
        Arguments.of("ftrl", Map.of("alpha", 0.3, "beta", 1.0, "l1", 0.01, "l2", 0.1)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("optimizers")
  void serverSideUpdatesMatchTheLocalOptimizer(String name, Map<String, Double> hyper) throws Exception {
    int rows = 6;
    int cols = 5;
    Optimizer local = ServerOptimizers.create(name, hyper);
    OptimizerState state = local.newState(rows * cols);
    float[] expected = new float[rows * cols];
    SplittableRandom init = new SplittableRandom(3);
    try (PsFixture ps = PsFixture.start(2)) {
      ps.client.createTable(TableSpec.dense("w", "j", rows, cols).withOptimizer(name, hyper)
          .withInit(InitKind.UNIFORM, 0.5, 9));
      ps.client.registerWorker("j", 0, 1, Consistency.ASP, 0);
      ps.client.pull("w", 0, rows, expected);
      SplittableRandom r = new SplittableRandom(11);
      for (int step = 0; step < 20; step++) {
        float[] grad = new float[rows * cols];
        for (int i = 0; i < grad.length; i++) {
          grad[i] = (float) (r.nextDouble() * 2 - 1);
        }
        ps.client.push("w", 0, 0, rows, grad);
        local.apply(state, expected, 0, grad, 0, grad.length, step);
      }
      float[] actual = new float[rows * cols];
      ps.client.pull("w", 0, rows, actual);
      assertThat(actual).containsExactly(expected);
    }
  }

  @Test
  void decayGivesTheInverseTimeRate() {
    Optimizer sgd = ServerOptimizers.create("sgd", Map.of("learning_rate", 0.1, "decay", 1.0));
    float[] w = new float[1];
    float[] g = {1f};
    OptimizerState state = sgd.newState(1);
    sgd.apply(state, w, 0, g, 0, 1, 0);
    sgd.apply(state, w, 0, g, 0, 1, 1);
    assertThat(w[0]).isCloseTo(-0.1f - 0.05f, org.assertj.core.data.Offset.offset(1e-7f));
    assertThatThrownBy(() -> ServerOptimizers.create("sgd", Map.of("decay", -1.0)))
        .hasMessage("decay must be >= 0, was -1.0");
  }

  @Test
  void ftrlWithStrongL1KeepsWeightsAtExactlyZero() {
    Optimizer ftrl = ServerOptimizers.create("ftrl", Map.of("l1", 10.0));
    OptimizerState s = ftrl.newState(2);
    float[] w = new float[2];
    for (int t = 0; t < 5; t++) {
      ftrl.apply(s, w, 0, new float[] {0.5f, -0.5f}, 0, 2, t);
    }
    assertThat(w).containsExactly(0f, 0f);
  }

  @Test
  void ftrlMovesAgainstTheGradient() {
    Optimizer ftrl = ServerOptimizers.create("ftrl", Map.of("alpha", 0.5));
    OptimizerState s = ftrl.newState(1);
    float[] w = new float[1];
    ftrl.apply(s, w, 0, new float[] {1f}, 0, 1, 0);
    // z = 1 (sigma * w = 0), n = 1: w = -z / ((beta + sqrt(n)) / alpha) = -1 / 4
    assertThat(w[0]).isEqualTo(-0.25f);
  }

  @Test
  void unknownOptimizersAndHyperParametersAreRejectedByName() {
    assertThatThrownBy(() -> ServerOptimizers.create("lbfgs", Map.of())).isInstanceOf(InvalidInputException.class)
        .hasMessage("optimizer must be one of [sgd, momentum, adagrad, adam, ftrl], was 'lbfgs'");
    assertThatThrownBy(() -> ServerOptimizers.create("adam", Map.of("momentum", 0.9)))
        .hasMessage("hyper-parameter 'momentum' is not one of [decay, l1, learning_rate] for optimizer adam");
  }
}
