package dev.trainyard.ml.metrics;

import dev.trainyard.common.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics of every cross-validation fold plus, per key, their mean and sample standard deviation
 * {@code sqrt(sum (x - mean)^2 / (folds - 1))}. Keys keep the order of the first fold. A
 * {@code NaN} in any fold makes that key's mean and std {@code NaN}. Immutable.
 */
public record CrossValidationSummary(
    List<Map<String, Double>> folds, Map<String, Double> mean, Map<String, Double> std) {

  public CrossValidationSummary {
    List<Map<String, Double>> copies = new ArrayList<>(folds.size());
    for (Map<String, Double> f : folds) {
      copies.add(frozen(f));
    }
    folds = List.copyOf(copies);
    mean = frozen(mean);
    std = frozen(std);
  }

  /** Summarises at least two folds that all report the same metric keys. */
  public static CrossValidationSummary of(List<Map<String, Double>> folds) {
    if (folds.size() < 2) {
      throw new InvalidInputException("cross-validation needs at least 2 folds, was " + folds.size());
    }
    Map<String, Double> first = folds.get(0);
    for (int f = 1; f < folds.size(); f++) {
      if (!folds.get(f).keySet().equals(first.keySet())) {
        throw new InvalidInputException("every fold must report the same metrics: fold 0 has "
            + first.keySet() + ", fold " + f + " has " + folds.get(f).keySet());
      }
    }
    Map<String, Double> mean = new LinkedHashMap<>();
    Map<String, Double> std = new LinkedHashMap<>();
    int n = folds.size();
    for (String key : first.keySet()) {
      double sum = 0;
      for (Map<String, Double> f : folds) {
        sum += f.get(key);
      }
      double m = sum / n;
      double squares = 0;
      for (Map<String, Double> f : folds) {
        double d = f.get(key) - m;
        squares += d * d;
      }
      mean.put(key, m);
      std.put(key, Math.sqrt(squares / (n - 1)));
    }
    return new CrossValidationSummary(folds, mean, std);
  }

  /** Convenience for reports: summarises their metric maps. */
  public static CrossValidationSummary ofClassification(List<ClassificationReport> reports) {
    return of(reports.stream().map(ClassificationReport::metrics).toList());
  }

  public static CrossValidationSummary ofRegression(List<RegressionReport> reports) {
    return of(reports.stream().map(RegressionReport::metrics).toList());
  }

  private static Map<String, Double> frozen(Map<String, Double> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}
