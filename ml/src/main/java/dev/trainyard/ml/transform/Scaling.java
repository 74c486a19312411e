package dev.trainyard.ml.transform;

import java.util.Locale;

/**
 * How a numeric column is rescaled after imputation: {@code (x - center) / divisor}. Encoded
 * categorical features are never scaled.
 */
public enum Scaling {
  /** Values pass through unchanged. */
  NONE,
  /**
   * center = training mean, divisor = training (population) standard deviation, or 1 for a
   * constant column, which therefore becomes all zeros.
   */
  STANDARDIZE,
  /**
   * center = training minimum, divisor = max - min (or 1 for a constant column): training values
   * land in [0, 1]; other frames may fall outside.
   */
  MINMAX;

  /** Lower-case name as users write it, e.g. {@code standardize}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
