package dev.trainyard.ml.model;

/** What a model predicts: a class (with probabilities) or a real value. */
public enum Task {
  CLASSIFICATION,
  REGRESSION;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
