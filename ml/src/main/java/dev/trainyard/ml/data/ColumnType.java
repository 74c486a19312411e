package dev.trainyard.ml.data;

/** The type of a column: numbers, a small set of labels, or free text (not used as a feature). */
public enum ColumnType {
  NUMERIC,
  CATEGORICAL,
  TEXT;

  /** Lower-case name as users write it ({@code numeric}, {@code categorical}, {@code text}). */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
