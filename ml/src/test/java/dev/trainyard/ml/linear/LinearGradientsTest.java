package dev.trainyard.ml.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinearGradientsTest {
  /** A random batch: rows in shuffled order with repeats, weights and labels fitting the objective. */
  private record Batch(Objective objective, float[] x, int d, int k, int[] rows, int[] classes, float[] targets, float[] w) {
    double loss(float[] weights, float[] grad, GradientWorkspace ws) {
      switch (objective) {
        case LOGISTIC:
          return LinearGradients.logistic(x, d, rows, 0, rows.length, classes, weights, grad, ws);
        case SOFTMAX:
          return LinearGradients.softmax(x, d, k, rows, 0, rows.length, classes, weights, grad, ws);
        default:
          return LinearGradients.squared(x, d, rows, 0, rows.length, targets, weights, grad, ws);
      }
    }
  }

  private static Batch batch(Objective objective, int n, int d, int k, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    int[] rows = new int[n + n / 3];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = r.nextInt(n);
    }
    int[] classes = new int[n];
    float[] targets = new float[n];
    for (int i = 0; i < n; i++) {
      classes[i] = r.nextInt(objective == Objective.SOFTMAX ? k : 2);
      targets[i] = (float) (3 * r.nextGaussian());
    }
    float[] w = new float[k * (d + 1)];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (0.3 * r.nextGaussian());
    }
    return new Batch(objective, x, d, k, rows, classes, targets, w);
  }

  static Stream<Arguments> batches() {
    return Stream.of(
        Arguments.of(batch(Objective.LOGISTIC, 7, 5, 1, 1)),
        Arguments.of(batch(Objective.SOFTMAX, 7, 5, 3, 2)),
        Arguments.of(batch(Objective.LINEAR, 7, 5, 1, 3)),
        // Wider than one transpose strip and longer than one block, sizes not multiples of 4.
        Arguments.of(batch(Objective.LOGISTIC, 150, 37, 1, 4)),
        Arguments.of(batch(Objective.SOFTMAX, 150, 37, 4, 5)),
        Arguments.of(batch(Objective.LINEAR, 150, 37, 1, 6)));
  }

  @ParameterizedTest
  @MethodSource("batches")
  void gradientMatchesCentralFiniteDifferences(Batch b) {
    float[] grad = new float[b.w().length];
    b.loss(b.w(), grad, new GradientWorkspace());
    assertMatchesFiniteDifferences(b.w(), grad, w -> b.loss(w, null, new GradientWorkspace()));
  }

  @Test
  void penaltyGradientsMatchFiniteDifferencesAndLeaveBiasesAlone() {
    Batch b = batch(Objective.SOFTMAX, 3, 6, 3, 7);
    float[] g2 = new float[b.w().length];
    LinearGradients.l2(b.w(), 6, 3, 0.7, g2);
    assertMatchesFiniteDifferences(b.w(), g2, w -> LinearGradients.l2(w, 6, 3, 0.7, null));
    // |w| is not differentiable at 0: keep every weight well away from the kink.
    float[] away = b.w().clone();
    for (int i = 0; i < away.length; i++) {
      away[i] += Math.copySign(0.1f, away[i]);
    }
    float[] g1 = new float[away.length];
    LinearGradients.l1(away, 6, 3, 0.4, g1);
    assertMatchesFiniteDifferences(away, g1, w -> LinearGradients.l1(w, 6, 3, 0.4, null));
    for (int c = 0; c < 3; c++) {
      assertThat(g2[c * 7 + 6]).isZero();
      assertThat(g1[c * 7 + 6]).isZero();
    }
  }

  @Test
  void penaltiesHaveTheDocumentedValues() {
    float[] w = {1f, -2f, 100f}; // d = 2, k = 1: the bias 100 is not penalised
    assertThat(LinearGradients.l2(w, 2, 1, 0.5, null)).isEqualTo(0.5 * 0.5 * 5);
    assertThat(LinearGradients.l1(w, 2, 1, 0.5, null)).isEqualTo(1.5);
  }

  @ParameterizedTest
  @MethodSource("batches")
  void theGradientIsAddedToWhatTheOutputAlreadyHolds(Batch b) {
    float[] fresh = new float[b.w().length];
    double loss = b.loss(b.w(), fresh, new GradientWorkspace());
    float[] preset = new float[b.w().length];
    java.util.Arrays.fill(preset, 1f);
    b.loss(b.w(), preset, new GradientWorkspace());
    for (int i = 0; i < fresh.length; i++) {
      assertThat(preset[i]).isEqualTo(1f + fresh[i]);
    }
    assertThat(b.loss(b.w(), null, new GradientWorkspace())).isEqualTo(loss);
  }

  @Test
  void aReusedWorkspaceGivesBitIdenticalResultsAcrossShapes() {
    GradientWorkspace shared = new GradientWorkspace();
    for (Arguments a : batches().toList()) {
      Batch b = (Batch) a.get()[0];
      float[] g1 = new float[b.w().length];
      float[] g2 = new float[b.w().length];
      double l1 = b.loss(b.w(), g1, shared);
      double l2 = b.loss(b.w(), g2, new GradientWorkspace());
      assertThat(l1).isEqualTo(l2);
      assertThat(g1).containsExactly(g2);
    }
  }

  @Test
  void hugeLogitsGiveFiniteLossesAndGradients() {
    float[] x = {1f};
    int[] rows = {0};
    float[] g = new float[2];
    // z = 1000 for a class-0 row: loss = log(1 + e^1000) ~ 1000, gradient ~ 1.
    double loss = LinearGradients.logistic(x, 1, rows, 0, 1, new int[] {0}, new float[] {999f, 1f}, g);
    assertThat(loss).isCloseTo(1000, within(1e-9));
    assertThat(g).containsExactly(1f, 1f);
    float[] gs = new float[4];
    double softLoss = LinearGradients.softmax(x, 1, 2, rows, 0, 1, new int[] {1}, new float[] {2000f, 0f, -2000f, 0f}, gs);
    assertThat(softLoss).isCloseTo(4000, within(1e-9));
    assertThat(gs).containsExactly(1f, 1f, -1f, -1f);
  }

  @Test
  void anEmptyRangeHasZeroLossAndGradient() {
    float[] g = new float[3];
    assertThat(LinearGradients.squared(new float[4], 2, new int[] {0, 1}, 1, 1, new float[2], new float[3], g)).isZero();
    assertThat(g).containsOnly(0f);
  }

  @Test
  void mismatchedWeightsAreRejectedWithTheExpectedSize() {
    assertThatThrownBy(() -> LinearGradients.softmax(new float[6], 3, 2, new int[] {0}, 0, 1, new int[] {0}, new float[7], null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("w must have k*(d+1) = 8 entries, has 7");
    assertThatThrownBy(() -> LinearGradients.squared(new float[6], 3, new int[] {0}, 0, 1, new float[2], new float[4], new float[3]))
        .hasMessage("gradOut must have k*(d+1) = 4 entries, has 3");
  }

  private interface Loss {
    double at(float[] w);
  }

  /** Central differences {@code (L(w + h e_i) - L(w - h e_i)) / 2h} for every parameter i. */
  private static void assertMatchesFiniteDifferences(float[] w, float[] grad, Loss loss) {
    float h = 1e-2f;
    for (int i = 0; i < w.length; i++) {
      float[] plus = w.clone();
      float[] minus = w.clone();
      plus[i] += h;
      minus[i] -= h;
      double numeric = (loss.at(plus) - loss.at(minus)) / (plus[i] - minus[i]);
      assertThat((double) grad[i]).as("parameter %d", i).isCloseTo(numeric, within(2e-3 + 2e-3 * Math.abs(numeric)));
    }
  }
}
