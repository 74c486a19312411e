package dev.trainyard.cluster.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trainyard.ml.pipeline.ExperimentResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON result object of a training run, shared by {@code trainyard train --json}, the job
 * API's result and {@code trainyard submit --wait --json}: {@code algorithm}, {@code task},
 * {@code params}, {@code data}, {@code evaluated_on}, {@code metrics}, {@code metrics_std} (cv),
 * {@code folds}, {@code confusion_matrix} (classification), {@code train_rows}, {@code test_rows},
 * {@code train_seconds}, {@code load_seconds}. NaN and infinities are written as null.
 */
public final class ResultJson {
  /** A mapper that writes these maps; thread-safe. */
  public static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private ResultJson() {}

  /** The result object, keys in the documented order. */
  public static Map<String, Object> of(ExperimentResult r, String data, double loadSeconds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("algorithm", r.algorithm());
    m.put("task", r.task().id());
    m.put("params", r.params());
    m.put("data", data);
    m.put("evaluated_on", r.evaluatedOn());
    m.put("metrics", metrics(r.metrics()));
    if (!r.metricsStd().isEmpty()) {
      m.put("metrics_std", metrics(r.metricsStd()));
    }
    List<Map<String, Object>> folds = new ArrayList<>();
    r.folds().forEach(f -> folds.add(metrics(f)));
    m.put("folds", folds);
    r.confusion().ifPresent(c -> m.put("confusion_matrix", Map.of("classes", c.classes(), "counts", c.counts())));
    m.put("train_rows", r.trainRows());
    m.put("test_rows", r.testRows());
    m.put("train_seconds", r.trainSeconds());
    m.put("load_seconds", loadSeconds);
    return m;
  }

  /** Metric values with NaN and infinities as null, so any JSON parser reads them. */
  public static Map<String, Object> metrics(Map<String, Double> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v == null || v.isNaN() || v.isInfinite() ? null : v));
    return out;
  }
}
