package dev.trainyard.ml.pipeline;

import dev.trainyard.ml.model.Task;
import java.util.List;
import java.util.Objects;

/**
 * Predictions for a batch of rows: per row the class probabilities (classification, in the order of
 * {@link #classes()}) or a one-element array with the predicted value (regression). Do not modify
 * the arrays.
 */
public record Predictions(Task task, List<String> classes, double[][] values) {
  public Predictions {
    Objects.requireNonNull(task, "task");
    classes = List.copyOf(classes);
    Objects.requireNonNull(values, "values");
  }

  public int size() {
    return values.length;
  }

  /** The most probable class code of row {@code i} (first one on ties). */
  public int classCode(int i) {
    double[] p = values[i];
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return best;
  }

  /** The predicted label of row {@code i} as text: the class name or the value. */
  public String label(int i) {
    return task == Task.CLASSIFICATION ? classes.get(classCode(i)) : Double.toString(values[i][0]);
  }
}
