package dev.trainyard.ml.data;

/**
 * One physical column of a {@link Frame}: a name and a primitive array indexed by physical row.
 * Columns are shared between frame views and must not be modified after construction.
 */
public sealed interface Column permits NumericColumn, CategoricalColumn, TextColumn {
  String name();

  ColumnType type();

  /** Number of physical rows. */
  int length();

  boolean isMissing(int physicalRow);

  /** The value as text, as it would be written back to CSV; {@code ""} when missing. */
  String format(int physicalRow);

  /** Approximate heap bytes held by the values. */
  long sizeBytes();
}
