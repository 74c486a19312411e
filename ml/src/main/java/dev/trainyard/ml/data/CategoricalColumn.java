package dev.trainyard.ml.data;

import java.util.List;
import java.util.Objects;

/**
 * A categorical column: {@code codes[row]} indexes {@code levels}; {@link #MISSING} marks a
 * missing value.
 */
public record CategoricalColumn(String name, int[] codes, List<String> levels) implements Column {
  public static final int MISSING = -1;

  public CategoricalColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(codes, "codes");
    levels = List.copyOf(levels);
  }

  @Override
  public ColumnType type() {
    return ColumnType.CATEGORICAL;
  }

  @Override
  public int length() {
    return codes.length;
  }

  @Override
  public boolean isMissing(int physicalRow) {
    return codes[physicalRow] == MISSING;
  }

  @Override
  public String format(int physicalRow) {
    int c = codes[physicalRow];
    return c == MISSING ? "" : levels.get(c);
  }

  @Override
  public long sizeBytes() {
    return 4L * codes.length;
  }
}
