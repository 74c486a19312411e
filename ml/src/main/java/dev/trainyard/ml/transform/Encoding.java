package dev.trainyard.ml.transform;

import java.util.Locale;

/** How a categorical column becomes numbers. */
public enum Encoding {
  /**
   * One 0/1 indicator feature per level seen in training, named {@code column=level}; a level not
   * seen in training gives all zeros. Suits linear models.
   */
  ONE_HOT,
  /**
   * One feature holding the level's index among the training levels (0, 1, ...); a level not seen
   * in training gets {@link CategoricalTransform#UNKNOWN_ORDINAL}. Suits trees.
   */
  ORDINAL;

  /** Lower-case name as users write it, e.g. {@code one_hot}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
