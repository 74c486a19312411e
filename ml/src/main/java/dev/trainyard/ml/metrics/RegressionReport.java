package dev.trainyard.ml.metrics;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.Target;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The regression metrics of one evaluation, as a map with keys {@code rmse}, {@code mae} and
 * {@code r2} in that order. Immutable.
 */
public record RegressionReport(Map<String, Double> metrics) {

  public RegressionReport {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  public static RegressionReport of(float[] actual, double[] predicted) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(Metrics.RMSE, Metrics.rmse(actual, predicted));
    m.put(Metrics.MAE, Metrics.mae(actual, predicted));
    m.put(Metrics.R2, Metrics.r2(actual, predicted));
    return new RegressionReport(m);
  }

  /** Evaluates {@code [n][1]} predictions, the shape {@code Model.predictAll} returns. */
  public static RegressionReport of(Target.Values actual, double[][] predicted) {
    double[] flat = new double[predicted.length];
    for (int i = 0; i < predicted.length; i++) {
      if (predicted[i].length != 1) {
        throw new InvalidInputException(
            "regression predictions must have 1 column, row " + i + " has " + predicted[i].length);
      }
      flat[i] = predicted[i][0];
    }
    return of(actual.values(), flat);
  }

  public double rmse() {
    return metrics.get(Metrics.RMSE);
  }

  public double mae() {
    return metrics.get(Metrics.MAE);
  }

  public double r2() {
    return metrics.get(Metrics.R2);
  }
}
