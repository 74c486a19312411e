package dev.trainyard.ml.data;

import java.util.Objects;

/** Free text kept as strings; {@code null} is missing. Text columns are not used as features. */
public record TextColumn(String name, String[] values) implements Column {
  public TextColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(values, "values");
  }

  @Override
  public ColumnType type() {
    return ColumnType.TEXT;
  }

  @Override
  public int length() {
    return values.length;
  }

  @Override
  public boolean isMissing(int physicalRow) {
    return values[physicalRow] == null;
  }

  @Override
  public String format(int physicalRow) {
    String v = values[physicalRow];
    return v == null ? "" : v;
  }

  @Override
  public long sizeBytes() {
    long total = 8L * values.length;
    for (String v : values) {
      total += v == null ? 0 : 40 + v.length();
    }
    return total;
  }
}
