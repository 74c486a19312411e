package dev.trainyard.ml.data;

import dev.trainyard.common.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * All-numeric features ready for an algorithm: {@code cols} float32 columns of {@code rows} values
 * each (column-major), no missing values once preprocessing has run. Arrays are shared, never
 * modified after construction. Thread-safe.
 */
public final class FeatureMatrix {
  private final List<String> names;
  private final float[][] columns;
  private final int rows;

  public FeatureMatrix(List<String> names, float[][] columns, int rows) {
    this.names = List.copyOf(names);
    this.columns = Objects.requireNonNull(columns, "columns");
    if (names.size() != columns.length) {
      throw new IllegalArgumentException(names.size() + " names for " + columns.length + " columns");
    }
    for (float[] c : columns) {
      if (c.length != rows) {
        throw new IllegalArgumentException("column of length " + c.length + ", expected " + rows);
      }
    }
    this.rows = rows;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return columns.length;
  }

  public List<String> names() {
    return names;
  }

  /** The values of feature {@code j}; do not modify. */
  public float[] column(int j) {
    return columns[j];
  }

  public float get(int row, int col) {
    return columns[col][row];
  }

  /** Copies row {@code row} into {@code out} (length >= cols) and returns it. */
  public float[] row(int row, float[] out) {
    for (int j = 0; j < columns.length; j++) {
      out[j] = columns[j][row];
    }
    return out;
  }

  /**
   * Throws {@link InvalidInputException} naming the first non-finite value (column by column), as
   * trainers that cannot handle missing values require; returns this matrix.
   */
  public FeatureMatrix requireFinite() {
    for (int j = 0; j < columns.length; j++) {
      float[] col = columns[j];
      for (int i = 0; i < col.length; i++) {
        if (!Float.isFinite(col[i])) {
          throw new InvalidInputException("features must be finite (impute missing values first), column '"
              + names.get(j) + "' row " + i + " is " + col[i]);
        }
      }
    }
    return this;
  }

  /** A row-major copy: {@code out[i * cols + j]}. */
  public float[] toRowMajor() {
    int d = columns.length;
    float[] out = new float[Math.multiplyExact(rows, d)];
    for (int j = 0; j < d; j++) {
      float[] c = columns[j];
      for (int i = 0; i < rows; i++) {
        out[i * d + j] = c[i];
      }
    }
    return out;
  }

  /** A copy holding only the given rows, in that order. */
  public FeatureMatrix rows(int[] idx) {
    float[][] out = new float[columns.length][];
    for (int j = 0; j < columns.length; j++) {
      float[] src = columns[j];
      float[] dst = new float[idx.length];
      for (int i = 0; i < idx.length; i++) {
        dst[i] = src[idx[i]];
      }
      out[j] = dst;
    }
    return new FeatureMatrix(names, out, idx.length);
  }
}
