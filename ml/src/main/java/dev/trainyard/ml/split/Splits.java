package dev.trainyard.ml.split;

import dev.trainyard.common.Check;
import dev.trainyard.common.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded train/test and k-fold splits over rows {@code 0..n-1}. The same arguments and seed always
 * give the same split, on every JVM: shuffling uses {@link java.util.Random}, whose algorithm the
 * JDK specifies exactly. Index arrays in every {@link Split} are ascending. Stateless and
 * thread-safe.
 */
public final class Splits {
  private Splits() {}

  /**
   * A random holdout split: {@code round(n * testFraction)} rows, but at least 1 and at most
   * {@code n - 1}, go to the test side.
   */
  public static Split trainTest(int n, double testFraction, long seed) {
    requireRows(n);
    int testSize = testSize(n, testFraction);
    int[] order = shuffled(identity(n), new Random(seed));
    return split(order, testSize);
  }

  /**
   * A holdout split that keeps the class proportions of {@code classCodes}: each class sends its
   * share of the {@code round(n * testFraction)} test rows (largest-remainder apportionment, so
   * the total is exact) and each class's rows are drawn at random.
   */
  public static Split stratifiedTrainTest(int[] classCodes, double testFraction, long seed) {
    int n = classCodes.length;
    requireRows(n);
    int testSize = testSize(n, testFraction);
    int[][] byClass = rowsByClass(classCodes);
    int[] quota = apportion(byClass, n, testSize);
    Random random = new Random(seed);
    int[] test = new int[testSize];
    int[] train = new int[n - testSize];
    int t = 0;
    int r = 0;
    for (int c = 0; c < byClass.length; c++) {
      int[] rows = shuffled(byClass[c], random);
      for (int i = 0; i < rows.length; i++) {
        if (i < quota[c]) {
          test[t++] = rows[i];
        } else {
          train[r++] = rows[i];
        }
      }
    }
    Arrays.sort(test);
    Arrays.sort(train);
    return new Split(train, test);
  }

  /**
   * Plain k-fold cross-validation (for regression): rows are shuffled and cut into {@code folds}
   * test sets whose sizes differ by at most one; fold {@code f}'s train set is every other row.
   */
  public static List<Split> kFold(int n, int folds, long seed) {
    requireRows(n);
    Check.between("folds", folds, 2, n);
    return foldsOf(shuffled(identity(n), new Random(seed)), folds);
  }

  /**
   * Stratified k-fold cross-validation: every class is spread over the folds so that each fold
   * holds {@code floor} or {@code ceil} of {@code classCount / folds} rows of that class, and fold
   * sizes differ by at most one row overall.
   */
  public static List<Split> stratifiedKFold(int[] classCodes, int folds, long seed) {
    int n = classCodes.length;
    requireRows(n);
    Check.between("folds", folds, 2, n);
    int[][] byClass = rowsByClass(classCodes);
    int smallest = Integer.MAX_VALUE;
    for (int[] rows : byClass) {
      if (rows.length > 0) {
        smallest = Math.min(smallest, rows.length);
      }
    }
    if (folds > smallest) {
      throw new InvalidInputException("folds must not exceed the number of rows of the smallest class ("
          + smallest + "), was " + folds);
    }
    // Dealing the class-grouped sequence round-robin gives each class floor/ceil(count/k) rows per
    // fold, and because the deal continues across class boundaries the fold sizes stay balanced.
    Random random = new Random(seed);
    int[] dealt = new int[n];
    int p = 0;
    for (int[] rows : byClass) {
      int[] s = shuffled(rows, random);
      System.arraycopy(s, 0, dealt, p, s.length);
      p += s.length;
    }
    return foldsOf(dealt, folds);
  }

  private static void requireRows(int n) {
    if (n < 2) {
      throw new InvalidInputException("rows must be at least 2 to split, was " + n);
    }
  }

  private static int testSize(int n, double testFraction) {
    Check.strictlyBetween("test fraction", testFraction, 0, 1);
    long size = Math.round(n * testFraction);
    return (int) Math.max(1, Math.min(n - 1, size));
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /** A Fisher–Yates shuffled copy. */
  private static int[] shuffled(int[] values, Random random) {
    int[] a = values.clone();
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }

  private static Split split(int[] order, int testSize) {
    int[] test = Arrays.copyOfRange(order, 0, testSize);
    int[] train = Arrays.copyOfRange(order, testSize, order.length);
    Arrays.sort(test);
    Arrays.sort(train);
    return new Split(train, test);
  }

  /** Rows of each class code, ascending; codes must be non-negative. */
  static int[][] rowsByClass(int[] codes) {
    int k = 0;
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] < 0) {
        throw new InvalidInputException("class codes must not be negative, was " + codes[i] + " at row " + i);
      }
      k = Math.max(k, codes[i] + 1);
    }
    int[] counts = new int[k];
    for (int c : codes) {
      counts[c]++;
    }
    int[][] rows = new int[k][];
    for (int c = 0; c < k; c++) {
      rows[c] = new int[counts[c]];
    }
    int[] fill = new int[k];
    for (int i = 0; i < codes.length; i++) {
      rows[codes[i]][fill[codes[i]]++] = i;
    }
    return rows;
  }

  /**
   * Hamilton's largest-remainder method: class c gets floor(count_c * total / n) rows, then the
   * leftover rows go to the classes with the largest fractional parts (ties to the lower code).
   */
  static int[] apportion(int[][] byClass, int n, int total) {
    int k = byClass.length;
    int[] quota = new int[k];
    long[] remainder = new long[k];
    int given = 0;
    for (int c = 0; c < k; c++) {
      long exact = (long) byClass[c].length * total;
      quota[c] = (int) (exact / n);
      remainder[c] = exact % n;
      given += quota[c];
    }
    for (; given < total; given++) {
      int best = -1;
      for (int c = 0; c < k; c++) {
        if (quota[c] < byClass[c].length && (best < 0 || remainder[c] > remainder[best])) {
          best = c;
        }
      }
      quota[best]++;
      remainder[best] = -1;
    }
    return quota;
  }

  private static List<Split> foldsOf(int[] order, int folds) {
    int[] foldOf = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      foldOf[order[i]] = i % folds;
    }
    return splitsByFold(foldOf, folds);
  }

  private static List<Split> splitsByFold(int[] foldOf, int folds) {
    int n = foldOf.length;
    int[] sizes = new int[folds];
    for (int f : foldOf) {
      sizes[f]++;
    }
    List<Split> out = new ArrayList<>(folds);
    for (int f = 0; f < folds; f++) {
      int[] test = new int[sizes[f]];
      int[] train = new int[n - sizes[f]];
      int t = 0;
      int r = 0;
      // Walking rows in order keeps both arrays ascending without a sort.
      for (int i = 0; i < n; i++) {
        if (foldOf[i] == f) {
          test[t++] = i;
        } else {
          train[r++] = i;
        }
      }
      out.add(new Split(train, test));
    }
    return List.copyOf(out);
  }
}
