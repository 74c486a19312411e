package dev.trainyard.ml.data;

import dev.trainyard.common.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Conversions from a {@link Frame} to algorithm inputs for frames that need no preprocessing, and
 * extraction of the label column as a {@link Target}.
 */
public final class Frames {
  private Frames() {}

  /** Every column except {@code label} as features; all of them must be numeric without missing values. */
  public static FeatureMatrix features(Frame frame, String label) {
    List<String> names = new ArrayList<>();
    List<float[]> cols = new ArrayList<>();
    for (int j = 0; j < frame.columnCount(); j++) {
      Column c = frame.column(j);
      if (c.name().equals(label)) {
        continue;
      }
      if (c.type() != ColumnType.NUMERIC) {
        throw new InvalidInputException("column '" + c.name() + "' is " + c.type().id()
            + "; it needs encoding before it can be a feature");
      }
      names.add(c.name());
      cols.add(frame.numericValues(j));
    }
    return new FeatureMatrix(names, cols.toArray(new float[0][]), frame.rowCount());
  }

  /**
   * The label column as classes. Numeric labels are ordered by value ({@code 0,1,2} or
   * {@code -1,1}), others alphabetically. A missing label or a single class is an error.
   */
  public static Target.Classes classTarget(Frame frame, String label) {
    int j = frame.indexOf(label);
    Column c = frame.column(j);
    int n = frame.rowCount();
    int[] codes = new int[n];
    List<String> classes;
    if (c instanceof NumericColumn) {
      float[] v = frame.numericValues(j);
      TreeSet<Float> distinct = new TreeSet<>();
      for (int i = 0; i < n; i++) {
        requirePresent(!Float.isNaN(v[i]), label, frame, i);
        distinct.add(v[i]);
      }
      float[] sorted = new float[distinct.size()];
      classes = new ArrayList<>();
      int k = 0;
      for (float f : distinct) {
        sorted[k++] = f;
        classes.add(new NumericColumn(label, new float[] {f}).format(0));
      }
      for (int i = 0; i < n; i++) {
        codes[i] = java.util.Arrays.binarySearch(sorted, v[i]);
      }
    } else {
      classes = textClasses(frame, j, codes, label);
    }
    if (classes.size() < 2) {
      throw new InvalidInputException("label column '" + label + "' has a single class ("
          + (classes.isEmpty() ? "none" : "'" + classes.get(0) + "'") + "); classification needs at least two");
    }
    return new Target.Classes(codes, classes);
  }

  /**
   * The label column coded against known {@code classes} (e.g. a test set coded like its training
   * set). A label value outside {@code classes} is an error naming it.
   */
  public static Target.Classes classTarget(Frame frame, String label, List<String> classes) {
    int j = frame.indexOf(label);
    Column c = frame.column(j);
    java.util.Map<String, Integer> index = new java.util.HashMap<>();
    for (int k = 0; k < classes.size(); k++) {
      index.put(classes.get(k), k);
    }
    int[] codes = new int[frame.rowCount()];
    for (int i = 0; i < codes.length; i++) {
      int p = frame.physicalRow(i);
      requirePresent(!c.isMissing(p), label, frame, i);
      Integer code = index.get(c.format(p));
      if (code == null) {
        throw new InvalidInputException("label column '" + label + "' has value '" + c.format(p)
            + "' in data row " + (i + 1) + ", which is not one of the training classes " + classes);
      }
      codes[i] = code;
    }
    return new Target.Classes(codes, classes);
  }

  private static List<String> textClasses(Frame frame, int j, int[] codes, String label) {
    Column c = frame.column(j);
    int n = frame.rowCount();
    TreeSet<String> distinct = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      int p = frame.physicalRow(i);
      requirePresent(!c.isMissing(p), label, frame, i);
      distinct.add(c.format(p));
    }
    List<String> classes = new ArrayList<>(distinct);
    java.util.Map<String, Integer> index = new java.util.HashMap<>();
    for (int k = 0; k < classes.size(); k++) {
      index.put(classes.get(k), k);
    }
    for (int i = 0; i < n; i++) {
      codes[i] = index.get(c.format(frame.physicalRow(i)));
    }
    return classes;
  }

  /** The label column as real values for regression; it must be numeric without missing values. */
  public static Target.Values valueTarget(Frame frame, String label) {
    int j = frame.indexOf(label);
    Column c = frame.column(j);
    if (!(c instanceof NumericColumn)) {
      throw new InvalidInputException("label column '" + label + "' is " + c.type().id()
          + "; regression needs a numeric label");
    }
    float[] v = frame.numericValues(j);
    for (int i = 0; i < v.length; i++) {
      requirePresent(!Float.isNaN(v[i]), label, frame, i);
    }
    return new Target.Values(v.clone());
  }

  private static void requirePresent(boolean present, String label, Frame frame, int row) {
    if (!present) {
      throw new InvalidInputException("label column '" + label + "' has a missing value in data row "
          + (row + 1) + "; drop or fill rows without a label");
    }
  }
}
