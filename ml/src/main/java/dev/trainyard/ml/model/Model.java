package dev.trainyard.ml.model;

import dev.trainyard.ml.data.FeatureMatrix;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A trained, immutable, thread-safe predictor over {@link #numFeatures()} numeric features (in the
 * order of the {@link FeatureMatrix} it was trained on).
 */
public interface Model {
  Task task();

  int numFeatures();

  /** Number of classes for classification, 0 for regression. */
  int numClasses();

  /**
   * Predicts one row. Classification: writes P(class c | x) into {@code out[c]} for every class
   * (they sum to 1). Regression: writes the predicted value into {@code out[0]}.
   */
  void predict(float[] x, double[] out);

  Provenance provenance();

  /** Stable id of this model's binary format, e.g. {@code "linear/1"}; see {@link ModelCodecs}. */
  String formatId();

  /** Writes the parameters (not the provenance) in this model's binary format. */
  void writeBody(DataOutput out) throws IOException;

  /**
   * Predicts every row of {@code x}: {@code [rows][numClasses]} probabilities or {@code [rows][1]}
   * values.
   */
  default double[][] predictAll(FeatureMatrix x) {
    int width = task() == Task.CLASSIFICATION ? numClasses() : 1;
    double[][] out = new double[x.rows()][width];
    float[] row = new float[x.cols()];
    for (int i = 0; i < x.rows(); i++) {
      predict(x.row(i, row), out[i]);
    }
    return out;
  }
}
