package dev.trainyard.ml.pipeline;

import dev.trainyard.ml.metrics.ConfusionMatrix;
import dev.trainyard.ml.model.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of an experiment: effective parameters, the metrics (cross-validation mean, or on the
 * test rows, or on the training rows, as {@link #evaluatedOn()} says), their std and per-fold values
 * for cross-validation, the confusion matrix (classification), training seconds summed over every
 * fit, and the final model when one was asked for.
 */
public record ExperimentResult(
    String algorithm,
    Task task,
    Map<String, String> params,
    String evaluatedOn,
    Map<String, Double> metrics,
    Map<String, Double> metricsStd,
    List<Map<String, Double>> folds,
    Optional<ConfusionMatrix> confusion,
    int trainRows,
    int testRows,
    double trainSeconds,
    Optional<PipelineModel> model) {

  public ExperimentResult {
    params = ordered(params);
    metrics = ordered(metrics);
    metricsStd = ordered(metricsStd);
    List<Map<String, Double>> copies = new java.util.ArrayList<>();
    for (Map<String, Double> f : folds) {
      copies.add(ordered(f));
    }
    folds = List.copyOf(copies);
  }

  private static <V> Map<String, V> ordered(Map<String, V> m) {
    return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m));
  }
}
