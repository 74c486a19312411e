package dev.trainyard.ml.forest;

import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.tree.Tree;

/**
 * Out-of-bag score: each training row is predicted by the trees whose sample left it out
 * (averaged in tree order, so the score does not depend on scheduling), and scored as accuracy
 * (classification) or R² = 1 - SS_res / SS_tot (regression) over rows with at least one such
 * tree. NaN when no row was ever left out (e.g. no bootstrap and the full sample).
 */
final class OutOfBag {
  private final Target y;
  private final int width;
  private final double[] sums;
  private final int[] votes;

  OutOfBag(Target y, int numClasses) {
    this.y = y;
    this.width = Math.max(1, numClasses);
    this.sums = new double[Math.multiplyExact(y.size(), width)];
    this.votes = new int[y.size()];
  }

  /** Adds one tree's predictions for its out-of-bag rows; call in tree order. */
  void add(TreeResult r) {
    Tree tree = r.grown().tree();
    int[] rows = r.oobRows();
    int[] leaves = r.oobLeaves();
    for (int i = 0; i < rows.length; i++) {
      int base = rows[i] * width;
      for (int c = 0; c < width; c++) {
        sums[base + c] += tree.value(leaves[i] + c);
      }
      votes[rows[i]]++;
    }
  }

  double score() {
    return y instanceof Target.Classes c
        ? accuracy(sums, votes, c.codes(), width)
        : r2(sums, votes, ((Target.Values) y).values());
  }

  private static double accuracy(double[] sums, int[] votes, int[] codes, int k) {
    int scored = 0;
    int correct = 0;
    for (int row = 0; row < votes.length; row++) {
      if (votes[row] == 0) {
        continue;
      }
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (sums[row * k + c] > sums[row * k + best]) {
          best = c;
        }
      }
      scored++;
      correct += best == codes[row] ? 1 : 0;
    }
    return scored == 0 ? Double.NaN : (double) correct / scored;
  }

  private static double r2(double[] sums, int[] votes, float[] values) {
    int scored = 0;
    double mean = 0;
    for (int row = 0; row < votes.length; row++) {
      if (votes[row] > 0) {
        scored++;
        mean += values[row];
      }
    }
    if (scored < 2) {
      return Double.NaN;
    }
    mean /= scored;
    double ssRes = 0;
    double ssTot = 0;
    for (int row = 0; row < votes.length; row++) {
      if (votes[row] > 0) {
        double e = values[row] - sums[row] / votes[row];
        double d = values[row] - mean;
        ssRes += e * e;
        ssTot += d * d;
      }
    }
    return ssTot == 0 ? Double.NaN : 1 - ssRes / ssTot;
  }
}
