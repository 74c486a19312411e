package dev.trainyard.ml.metrics;

import dev.trainyard.common.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A k x k table of counts: {@code count(actual, predicted)} rows of class {@code actual} were
 * predicted as {@code predicted}. Immutable: the counts are copied in and out.
 *
 * <p>Macro averages are unweighted means over the classes that occur among the true or the
 * predicted classes (a class absent from both is ignored, as scikit-learn does).
 */
public record ConfusionMatrix(List<String> classes, long[][] counts) {

  public ConfusionMatrix {
    classes = List.copyOf(classes);
    int k = classes.size();
    if (counts.length != k) {
      throw new IllegalArgumentException(counts.length + " count rows for " + k + " classes");
    }
    long[][] copy = new long[k][];
    for (int a = 0; a < k; a++) {
      if (counts[a].length != k) {
        throw new IllegalArgumentException("count row " + a + " has " + counts[a].length + " columns, expected " + k);
      }
      copy[a] = counts[a].clone();
    }
    counts = copy;
  }

  /** Counts true against predicted class codes, each in {@code 0..classes.size()-1}. */
  public static ConfusionMatrix of(int[] actual, int[] predicted, List<String> classes) {
    Metrics.requireSameRows(actual.length, predicted.length);
    int k = classes.size();
    long[][] counts = new long[k][k];
    for (int i = 0; i < actual.length; i++) {
      Metrics.requireCode(actual[i], k, i);
      if (predicted[i] < 0 || predicted[i] >= k) {
        throw new InvalidInputException(
            "predicted class codes must be between 0 and " + (k - 1) + ", was " + predicted[i] + " at row " + i);
      }
      counts[actual[i]][predicted[i]]++;
    }
    return new ConfusionMatrix(classes, counts);
  }

  /** A deep copy of the table, {@code [actual][predicted]}. */
  @Override
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int a = 0; a < counts.length; a++) {
      copy[a] = counts[a].clone();
    }
    return copy;
  }

  public int size() {
    return classes.size();
  }

  public long count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  /** Rows whose true class is {@code c}. */
  public long support(int c) {
    long s = 0;
    for (long v : counts[c]) {
      s += v;
    }
    return s;
  }

  /** Rows predicted as class {@code c}. */
  public long predictedCount(int c) {
    long s = 0;
    for (long[] row : counts) {
      s += row[c];
    }
    return s;
  }

  /** TP / (TP + FP); 0 when nothing was predicted as {@code c}. */
  public double precision(int c) {
    return ratio(counts[c][c], predictedCount(c));
  }

  /** TP / (TP + FN); 0 when no row is truly {@code c}. */
  public double recall(int c) {
    return ratio(counts[c][c], support(c));
  }

  /** Harmonic mean 2PR / (P + R); 0 when both are 0. */
  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  public ClassScore score(int c) {
    return new ClassScore(classes.get(c), precision(c), recall(c), f1(c), support(c));
  }

  /** Scores of every class, in class-code order. */
  public List<ClassScore> scores() {
    List<ClassScore> out = new ArrayList<>(size());
    for (int c = 0; c < size(); c++) {
      out.add(score(c));
    }
    return List.copyOf(out);
  }

  public double precisionMacro() {
    return macro(this::precision);
  }

  public double recallMacro() {
    return macro(this::recall);
  }

  public double f1Macro() {
    return macro(this::f1);
  }

  private double macro(java.util.function.IntToDoubleFunction metric) {
    double sum = 0;
    int present = 0;
    for (int c = 0; c < size(); c++) {
      if (support(c) > 0 || predictedCount(c) > 0) {
        sum += metric.applyAsDouble(c);
        present++;
      }
    }
    return present == 0 ? 0 : sum / present;
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0 : numerator / (double) denominator;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfusionMatrix m && classes.equals(m.classes) && Arrays.deepEquals(counts, m.counts);
  }

  @Override
  public int hashCode() {
    return 31 * classes.hashCode() + Arrays.deepHashCode(counts);
  }

  @Override
  public String toString() {
    return "ConfusionMatrix[classes=" + classes + ", counts=" + Arrays.deepToString(counts) + "]";
  }
}
