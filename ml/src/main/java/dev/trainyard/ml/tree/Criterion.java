package dev.trainyard.ml.tree;

/** The impurity a split minimises: Gini or entropy for classes, variance for regression. */
public enum Criterion {
  /** Gini impurity {@code 1 - sum_c p_c^2}. */
  GINI,
  /** Shannon entropy {@code -sum_c p_c ln p_c}. */
  ENTROPY,
  /** Variance of the target, i.e. mean squared error around the node mean. */
  VARIANCE;

  /** The lower-case name used in parameters and messages, e.g. {@code "gini"}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public boolean isClassification() {
    return this != VARIANCE;
  }
}
