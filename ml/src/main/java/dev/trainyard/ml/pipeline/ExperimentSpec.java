package dev.trainyard.ml.pipeline;

import dev.trainyard.ml.data.Frame;
import java.util.Map;
import java.util.Objects;

/**
 * What to train and how to evaluate it: algorithm name, label column, hyper-parameters as text,
 * the validation scheme, the seed, and the dataset's id and content hash for provenance.
 */
public record ExperimentSpec(
    String algorithm,
    String label,
    Map<String, String> params,
    Validation validation,
    long seed,
    String datasetId,
    String datasetHash) {

  public ExperimentSpec {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(label, "label");
    params = Map.copyOf(params);
    Objects.requireNonNull(validation, "validation");
    datasetId = datasetId == null ? "" : datasetId;
    datasetHash = datasetHash == null ? "" : datasetHash;
  }

  /** How the model is evaluated. */
  public sealed interface Validation {
    /** Metrics on the training rows themselves (optimistic; says so in the result). */
    record None() implements Validation {}

    /** Stratified (classification) or plain (regression) k-fold cross-validation. */
    record CrossValidation(int folds) implements Validation {}

    /** A separate test frame read with the training frame's column types. */
    record TestFrame(Frame test, String name) implements Validation {
      public TestFrame {
        Objects.requireNonNull(test, "test");
      }
    }

    /** A held-out fraction of the rows (stratified for classification). */
    record Fraction(double testFraction) implements Validation {}
  }
}
