package dev.trainyard.ml.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainyard.common.InvalidInputException;
import org.junit.jupiter.api.Test;

class AlsHalfStepTest {
  /** Three items of rank 2 (rows [1,0], [0,1], [1,1]) with biases 0.5, -0.5, 0. */
  private static final float[] Q = {1, 0, 0, 1, 1, 1};
  private static final float[] C = {0.5f, -0.5f, 0f};

  @Test
  void eachRowSatisfiesItsWeightedLambdaNormalEquations() {
    // Row 0 rated items 0 and 2; row 1 rated nothing; row 2 rated items 0, 1, 2.
    RatingBlock block = new RatingBlock(5, new int[] {0, 2, 2, 5}, new int[] {0, 2, 0, 1, 2},
        new float[] {3, 4, 1, 2, 5});
    Factors out = Factors.zeros(8, 2, false);
    double lambda = 0.3;
    double sse = AlsHalfStep.solveBlock(new Factors(2, Q, null), block, lambda, out, 5, new AlsHalfStep.Workspace(2, false));

    // Row 0: A = q0q0ᵀ + q2q2ᵀ + 0.6 I = [[2.6,1],[1,1.6]], b = 3 q0 + 4 q2 = [7,4].
    assertSolves(new double[][] {{2.6, 1}, {1, 1.6}}, new double[] {7, 4}, out.values(), 10);
    assertThat(new float[] {out.values()[12], out.values()[13]}).containsExactly(0f, 0f);
    // Row 2: A = sum q qᵀ + 0.9 I = [[2.9,1],[1,2.9]], b = 1 q0 + 2 q1 + 5 q2 = [6,7].
    assertSolves(new double[][] {{2.9, 1}, {1, 2.9}}, new double[] {6, 7}, out.values(), 14);
    assertThat(sse).isCloseTo(expectedSse(block, out, 5), within(1e-5));
  }

  @Test
  void withBiasesTheRowBiasIsSolvedJointlyAgainstTheOtherSidesBias() {
    RatingBlock block = new RatingBlock(0, new int[] {0, 3}, new int[] {0, 1, 2}, new float[] {1, -1, 0.5f});
    Factors out = Factors.zeros(1, 2, true);
    AlsHalfStep.solveBlock(new Factors(2, Q, C), block, 0.2, out, 0, new AlsHalfStep.Workspace(2, true));
    // y = [q, 1], t = r - c: t = [0.5, -0.5, 0.5]; A = sum y yᵀ + 0.6 I.
    double[][] a = {{2.6, 1, 2}, {1, 2.6, 2}, {2, 2, 3.6}};
    double[] b = {1, 0, 0.5};
    double[] x = {out.values()[0], out.values()[1], out.biases()[0]};
    for (int i = 0; i < 3; i++) {
      double s = 0;
      for (int j = 0; j < 3; j++) {
        s += a[i][j] * x[j];
      }
      assertThat(s).isCloseTo(b[i], within(1e-6));
    }
  }

  @Test
  void rejectsColumnsOutsideTheFixedSide() {
    RatingBlock block = new RatingBlock(0, new int[] {0, 1}, new int[] {3}, new float[] {1});
    assertThatThrownBy(() -> AlsHalfStep.solveBlock(new Factors(2, Q, null), block, 0.1, Factors.zeros(1, 2, false), 0,
        new AlsHalfStep.Workspace(2, false)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("block columns must be between 0 and 2, was 3");
  }

  @Test
  void rejectsANonPositiveLambda() {
    RatingBlock block = new RatingBlock(0, new int[] {0, 1}, new int[] {0}, new float[] {1});
    assertThatThrownBy(() -> AlsHalfStep.solveBlock(new Factors(2, Q, null), block, 0, Factors.zeros(1, 2, false), 0,
        new AlsHalfStep.Workspace(2, false)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("lambda must be positive and finite, was 0.0");
  }

  @Test
  void ratingBlockRejectsOffsetsThatDisagreeWithItsArrays() {
    assertThatThrownBy(() -> new RatingBlock(0, new int[] {0, 2}, new int[] {1}, new float[] {1}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("columns and values must hold offsets[rows] = 2 entries, were 1 and 1");
  }

  private static void assertSolves(double[][] a, double[] b, float[] x, int at) {
    for (int i = 0; i < 2; i++) {
      double s = a[i][0] * x[at] + a[i][1] * x[at + 1];
      assertThat(s).isCloseTo(b[i], within(1e-5));
    }
  }

  private static double expectedSse(RatingBlock block, Factors out, int outRow) {
    double sse = 0;
    for (int r = 0; r < block.rows(); r++) {
      for (int e = block.offsets()[r]; e < block.offsets()[r + 1]; e++) {
        int i = block.columns()[e];
        int p = (outRow + r) * 2;
        double pred = out.values()[p] * Q[2 * i] + out.values()[p + 1] * Q[2 * i + 1];
        sse += (block.values()[e] - pred) * (block.values()[e] - pred);
      }
    }
    return sse;
  }
}
