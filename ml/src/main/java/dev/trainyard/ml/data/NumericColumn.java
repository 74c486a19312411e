package dev.trainyard.ml.data;

import java.util.Objects;

/** A numeric column stored as float32; a missing value is {@code NaN}. */
public record NumericColumn(String name, float[] values) implements Column {
  public NumericColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(values, "values");
  }

  @Override
  public ColumnType type() {
    return ColumnType.NUMERIC;
  }

  @Override
  public int length() {
    return values.length;
  }

  @Override
  public boolean isMissing(int physicalRow) {
    return Float.isNaN(values[physicalRow]);
  }

  @Override
  public String format(int physicalRow) {
    float v = values[physicalRow];
    if (Float.isNaN(v)) {
      return "";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e7f) {
      return Long.toString((long) v);
    }
    return Float.toString(v);
  }

  @Override
  public long sizeBytes() {
    return 4L * values.length;
  }
}
