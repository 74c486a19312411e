package dev.trainyard.ml.als;

/**
 * Solves small dense symmetric positive-definite systems {@code A x = b} by Cholesky factorization
 * {@code A = L Lᵀ}, then forward substitution {@code L z = b} and back substitution {@code Lᵀ x = z}.
 * Works in place on caller-owned arrays and allocates nothing. Stateless and thread-safe.
 */
public final class Cholesky {
  private Cholesky() {}

  /**
   * Solves {@code A x = b} in place. {@code a} holds {@code A} row-major ({@code n x n}); only its
   * lower triangle (column <= row) is read, and it is overwritten with {@code L}. {@code b} (length
   * >= n) is overwritten with {@code x}.
   *
   * @throws ArithmeticException if {@code A} is not (numerically) positive definite
   */
  public static void solve(double[] a, double[] b, int n) {
    factor(a, n);
    // L z = b: z_i = (b_i - sum_{k<i} L_ik z_k) / L_ii
    for (int i = 0; i < n; i++) {
      double s = b[i];
      int row = i * n;
      for (int k = 0; k < i; k++) {
        s -= a[row + k] * b[k];
      }
      b[i] = s / a[row + i];
    }
    // Lᵀ x = z: x_i = (z_i - sum_{k>i} L_ki x_k) / L_ii
    for (int i = n - 1; i >= 0; i--) {
      double s = b[i];
      for (int k = i + 1; k < n; k++) {
        s -= a[k * n + i] * b[k];
      }
      b[i] = s / a[i * n + i];
    }
  }

  /**
   * Overwrites the lower triangle of {@code a} with {@code L}: column by column,
   * {@code L_jj = sqrt(A_jj - sum_{k<j} L_jk²)} and {@code L_ij = (A_ij - sum_{k<j} L_ik L_jk) / L_jj}.
   */
  private static void factor(double[] a, int n) {
    for (int j = 0; j < n; j++) {
      int rowJ = j * n;
      double d = a[rowJ + j];
      for (int k = 0; k < j; k++) {
        d -= a[rowJ + k] * a[rowJ + k];
      }
      if (!(d > 0)) {
        throw new ArithmeticException("matrix must be positive definite, pivot " + j + " was " + d);
      }
      double ljj = Math.sqrt(d);
      a[rowJ + j] = ljj;
      for (int i = j + 1; i < n; i++) {
        int rowI = i * n;
        double s = a[rowI + j];
        for (int k = 0; k < j; k++) {
          s -= a[rowI + k] * a[rowJ + k];
        }
        a[rowI + j] = s / ljj;
      }
    }
  }
}
