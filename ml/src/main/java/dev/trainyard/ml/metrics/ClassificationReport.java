package dev.trainyard.ml.metrics;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.Target;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classification metrics of one evaluation: the metric map (keys {@code accuracy},
 * {@code log_loss}, {@code auc} for two classes only, {@code f1_macro}, {@code precision_macro},
 * {@code recall_macro}, in that order), the confusion matrix and per-class scores. The predicted
 * class of a row is its most probable class. {@code auc} is {@code NaN} when the true codes hold
 * only one of the two classes. Immutable.
 */
public record ClassificationReport(Map<String, Double> metrics, ConfusionMatrix confusion) {

  public ClassificationReport {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /**
   * Evaluates probabilities {@code [n][classes.size()]} against true codes in
   * {@code 0..classes.size()-1}.
   */
  public static ClassificationReport of(int[] actual, double[][] probabilities, List<String> classes) {
    Metrics.requireSameRows(actual.length, probabilities.length);
    int k = classes.size();
    for (int i = 0; i < probabilities.length; i++) {
      if (probabilities[i].length != k) {
        throw new InvalidInputException(
            "probabilities must have one column per class (" + k + "), row " + i + " has " + probabilities[i].length);
      }
    }
    int[] predicted = Metrics.argmax(probabilities);
    ConfusionMatrix confusion = ConfusionMatrix.of(actual, predicted, classes);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(Metrics.ACCURACY, Metrics.accuracy(actual, predicted));
    m.put(Metrics.LOG_LOSS, Metrics.logLoss(actual, probabilities));
    if (k == 2) {
      double[] positive = new double[probabilities.length];
      for (int i = 0; i < positive.length; i++) {
        positive[i] = probabilities[i][1];
      }
      m.put(Metrics.AUC, Metrics.rocAuc(actual, positive));
    }
    m.put(Metrics.F1_MACRO, confusion.f1Macro());
    m.put(Metrics.PRECISION_MACRO, confusion.precisionMacro());
    m.put(Metrics.RECALL_MACRO, confusion.recallMacro());
    return new ClassificationReport(m, confusion);
  }

  /** Evaluates probabilities against a classification target, using its class names. */
  public static ClassificationReport of(Target.Classes actual, double[][] probabilities) {
    return of(actual.codes(), probabilities, actual.classes());
  }

  public double accuracy() {
    return metrics.get(Metrics.ACCURACY);
  }

  public double logLoss() {
    return metrics.get(Metrics.LOG_LOSS);
  }

  /** ROC AUC for two classes; {@code NaN} for more than two. */
  public double auc() {
    return metrics.getOrDefault(Metrics.AUC, Double.NaN);
  }

  public List<ClassScore> perClass() {
    return confusion.scores();
  }
}
