package dev.trainyard.ml.transform;

import java.util.Objects;

/** What a {@link Preprocessor} does with categorical and numeric columns. */
public record PreprocessOptions(Encoding encoding, Scaling scaling) {
  public PreprocessOptions {
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(scaling, "scaling");
  }

  /** One-hot categories and standardized numbers: what linear models and k-means want. */
  public static PreprocessOptions forLinearModels() {
    return new PreprocessOptions(Encoding.ONE_HOT, Scaling.STANDARDIZE);
  }

  /** Ordinal categories and unscaled numbers: trees split on order only, so scaling buys nothing. */
  public static PreprocessOptions forTrees() {
    return new PreprocessOptions(Encoding.ORDINAL, Scaling.NONE);
  }
}
