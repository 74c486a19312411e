package dev.trainyard.ml.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AlsCholeskyTest {
  @Test
  void solvesAKnownSymmetricPositiveDefiniteSystemAndLeavesTheFactorInPlace() {
    // A = L Lᵀ with L = [[2,0,0],[6,1,0],[-8,5,3]]; x = [1,2,3] gives b = A x = [-20,-43,192].
    double[] a = {4, 12, -16, 12, 37, -43, -16, -43, 98};
    double[] b = {-20, -43, 192};
    Cholesky.solve(a, b, 3);
    assertThat(b).containsExactly(new double[] {1, 2, 3}, within(1e-12));
    assertThat(new double[] {a[0], a[3], a[4], a[6], a[7], a[8]})
        .containsExactly(new double[] {2, 6, 1, -8, 5, 3}, within(1e-12));
  }

  @Test
  void readsOnlyTheLowerTriangle() {
    double[] a = {4, 999, -999, 12, 37, 999, -16, -43, 98};
    double[] b = {-20, -43, 192};
    Cholesky.solve(a, b, 3);
    assertThat(b).containsExactly(new double[] {1, 2, 3}, within(1e-12));
  }

  @Test
  void rejectsAMatrixThatIsNotPositiveDefinite() {
    double[] a = {1, 2, 2, 1};
    assertThatThrownBy(() -> Cholesky.solve(a, new double[2], 2))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("matrix must be positive definite, pivot 1 was -3.0");
  }
}
