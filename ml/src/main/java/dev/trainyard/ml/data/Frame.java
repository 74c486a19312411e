package dev.trainyard.ml.data;

import dev.trainyard.common.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable columnar dataset: named {@link Column}s of equal physical length plus an optional
 * row index that makes this frame a view (row subset or permutation) of those columns. Views never
 * copy column values. Row numbers passed to accessors are logical (0..rowCount-1) and are mapped
 * through the index. Thread-safe.
 */
public final class Frame {
  private final List<Column> columns;
  private final Map<String, Integer> byName;
  /** Logical row to physical row; {@code null} means identity. */
  private final int[] index;
  private final int rowCount;

  private Frame(List<Column> columns, int[] index) {
    this.columns = List.copyOf(columns);
    this.byName = new HashMap<>();
    int length = columns.isEmpty() ? 0 : columns.get(0).length();
    for (int j = 0; j < columns.size(); j++) {
      Column c = columns.get(j);
      if (c.length() != length) {
        throw new IllegalArgumentException(
            "column '" + c.name() + "' has " + c.length() + " rows, expected " + length);
      }
      if (byName.put(c.name(), j) != null) {
        throw new InvalidInputException("duplicate column name '" + c.name() + "'");
      }
    }
    this.index = index;
    this.rowCount = index == null ? length : index.length;
  }

  /** A frame over all physical rows of the given columns (all must have the same length). */
  public static Frame of(List<Column> columns) {
    return new Frame(columns, null);
  }

  public int rowCount() {
    return rowCount;
  }

  public int columnCount() {
    return columns.size();
  }

  public List<Column> columns() {
    return columns;
  }

  public Column column(int j) {
    return columns.get(j);
  }

  public List<String> names() {
    List<String> names = new ArrayList<>(columns.size());
    for (Column c : columns) {
      names.add(c.name());
    }
    return names;
  }

  public boolean has(String name) {
    return byName.containsKey(name);
  }

  /** Index of the named column; fails with a message listing the available names. */
  public int indexOf(String name) {
    Integer j = byName.get(name);
    if (j == null) {
      throw new InvalidInputException("no column named '" + name + "'; columns are: " + names());
    }
    return j;
  }

  public Column column(String name) {
    return columns.get(indexOf(name));
  }

  /** Physical row of logical row {@code row}. */
  public int physicalRow(int row) {
    return index == null ? row : index[row];
  }

  /** True when this frame is a view with its own row index rather than all physical rows. */
  public boolean isView() {
    return index != null;
  }

  /** A view of the given logical rows (in that order, repeats allowed); values are not copied. */
  public Frame rows(int[] rows) {
    Objects.requireNonNull(rows, "rows");
    int[] composed = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      int r = rows[i];
      if (r < 0 || r >= rowCount) {
        throw new IndexOutOfBoundsException("row " + r + " outside 0.." + (rowCount - 1));
      }
      composed[i] = physicalRow(r);
    }
    return new Frame(columns, composed);
  }

  /** A view of the contiguous logical rows {@code from} (inclusive) to {@code to} (exclusive). */
  public Frame rows(int from, int to) {
    if (from < 0 || to < from || to > rowCount) {
      throw new IndexOutOfBoundsException(
          "rows must satisfy 0 <= from <= to <= " + rowCount + ", were " + from + " and " + to);
    }
    int[] composed = new int[to - from];
    for (int i = 0; i < composed.length; i++) {
      composed[i] = physicalRow(from + i);
    }
    return new Frame(columns, composed);
  }

  /** The same rows with only the named columns, in the given order. */
  public Frame select(List<String> names) {
    List<Column> selected = new ArrayList<>(names.size());
    for (String n : names) {
      selected.add(column(n));
    }
    return new Frame(selected, index);
  }

  /** The same rows without the named column. */
  public Frame drop(String name) {
    int j = indexOf(name);
    List<Column> kept = new ArrayList<>(columns);
    kept.remove(j);
    return new Frame(kept, index);
  }

  /** The same rows with one column replaced or appended (by name). */
  public Frame with(Column column) {
    if (column.length() != physicalLength()) {
      throw new IllegalArgumentException("column length " + column.length() + " != " + physicalLength());
    }
    List<Column> next = new ArrayList<>(columns);
    Integer j = byName.get(column.name());
    if (j == null) {
      next.add(column);
    } else {
      next.set(j, column);
    }
    return new Frame(next, index);
  }

  /** Value of a numeric column at a logical row ({@code NaN} when missing). */
  public float numeric(int col, int row) {
    return ((NumericColumn) columns.get(col)).values()[physicalRow(row)];
  }

  /** Code of a categorical column at a logical row ({@link CategoricalColumn#MISSING} when missing). */
  public int code(int col, int row) {
    return ((CategoricalColumn) columns.get(col)).codes()[physicalRow(row)];
  }

  /** The values of numeric column {@code col} for this frame's rows: the array itself when not a view. */
  public float[] numericValues(int col) {
    float[] all = ((NumericColumn) columns.get(col)).values();
    if (index == null) {
      return all;
    }
    float[] out = new float[rowCount];
    for (int i = 0; i < rowCount; i++) {
      out[i] = all[index[i]];
    }
    return out;
  }

  /** The codes of categorical column {@code col} for this frame's rows: the array itself when not a view. */
  public int[] codes(int col) {
    int[] all = ((CategoricalColumn) columns.get(col)).codes();
    if (index == null) {
      return all;
    }
    int[] out = new int[rowCount];
    for (int i = 0; i < rowCount; i++) {
      out[i] = all[index[i]];
    }
    return out;
  }

  private int physicalLength() {
    return columns.isEmpty() ? 0 : columns.get(0).length();
  }

  /** Heap bytes of the column values plus the row index. */
  public long sizeBytes() {
    long total = index == null ? 0 : 4L * index.length;
    for (Column c : columns) {
      total += c.sizeBytes();
    }
    return total;
  }

  @Override
  public String toString() {
    return "Frame[" + rowCount + " rows x " + columns.size() + " columns" + (index == null ? "" : ", view") + "]";
  }
}
