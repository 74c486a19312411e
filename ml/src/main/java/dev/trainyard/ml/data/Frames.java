package dev.trainyard.ml.data;

import dev.trainyard.common.Check;
import dev.trainyard.common.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Conversions from a {@link Frame} to algorithm inputs for frames that need no preprocessing,
 * extraction of the label column as a {@link Target}, and splitting a frame into row shards and
 * concatenating parts back into one frame. Stateless and thread-safe.
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

  /**
   * {@code shards} contiguous row ranges of {@code frame} in order, sizes differing by at most one.
   * They are views sharing the frame's columns, so every shard has the same schema and the same
   * categorical dictionaries (also when written with {@link FrameFile}).
   */
  public static List<Frame> split(Frame frame, int shards) {
    Check.between("shards", shards, 1, Math.max(1, frame.rowCount()));
    List<Frame> out = new ArrayList<>(shards);
    long n = frame.rowCount();
    for (int k = 0; k < shards; k++) {
      out.add(frame.rows((int) (n * k / shards), (int) (n * (k + 1) / shards)));
    }
    return out;
  }

  /**
   * One frame holding the rows of {@code parts} in order (values copied, no view). All parts must have
   * the same column names and types in the same order. Categorical dictionaries are merged by level
   * text: the first part's levels, then each later part's new levels in its order; codes are remapped.
   * So {@code concat(split(f, k))} equals {@code f}, and concatenating the chunks of a CSV file gives
   * the levels in order of first appearance, as {@link CsvReader#read} does.
   */
  public static Frame concat(List<Frame> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("parts must hold at least one frame, was empty");
    }
    Frame first = parts.get(0);
    long rows = 0;
    for (int p = 0; p < parts.size(); p++) {
      requireSameSchema(first, parts.get(p), p);
      rows += parts.get(p).rowCount();
    }
    if (rows > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a frame holds at most " + Integer.MAX_VALUE + " rows, parts have " + rows);
    }
    List<Column> columns = new ArrayList<>(first.columnCount());
    for (int j = 0; j < first.columnCount(); j++) {
      columns.add(switch (first.column(j).type()) {
        case NUMERIC -> concatNumeric(parts, j, (int) rows);
        case CATEGORICAL -> concatCategorical(parts, j, (int) rows);
        case TEXT -> concatText(parts, j, (int) rows);
      });
    }
    return Frame.of(columns);
  }

  private static void requireSameSchema(Frame first, Frame part, int p) {
    if (part.columnCount() != first.columnCount()) {
      throw new IllegalArgumentException("every part must have the columns of part 0 " + first.names()
          + ", part " + p + " has " + part.names());
    }
    for (int j = 0; j < first.columnCount(); j++) {
      Column a = first.column(j);
      Column b = part.column(j);
      if (!a.name().equals(b.name()) || a.type() != b.type()) {
        throw new IllegalArgumentException("every part must have the columns of part 0; column " + j
            + " of part " + p + " is '" + b.name() + "' (" + b.type().id() + "), of part 0 '" + a.name()
            + "' (" + a.type().id() + ")");
      }
    }
  }

  private static Column concatNumeric(List<Frame> parts, int j, int rows) {
    float[] out = new float[rows];
    int at = 0;
    for (Frame part : parts) {
      float[] v = part.numericValues(j);
      System.arraycopy(v, 0, out, at, v.length);
      at += v.length;
    }
    return new NumericColumn(parts.get(0).column(j).name(), out);
  }

  private static Column concatCategorical(List<Frame> parts, int j, int rows) {
    Map<String, Integer> index = new HashMap<>();
    List<String> levels = new ArrayList<>();
    int[] out = new int[rows];
    int at = 0;
    for (Frame part : parts) {
      List<String> partLevels = ((CategoricalColumn) part.column(j)).levels();
      int[] remap = new int[partLevels.size()];
      for (int c = 0; c < remap.length; c++) {
        Integer code = index.putIfAbsent(partLevels.get(c), levels.size());
        if (code == null) {
          code = levels.size();
          levels.add(partLevels.get(c));
        }
        remap[c] = code;
      }
      int[] codes = part.codes(j);
      for (int i = 0; i < codes.length; i++) {
        out[at++] = codes[i] == CategoricalColumn.MISSING ? CategoricalColumn.MISSING : remap[codes[i]];
      }
    }
    return new CategoricalColumn(parts.get(0).column(j).name(), out, levels);
  }

  private static Column concatText(List<Frame> parts, int j, int rows) {
    String[] out = new String[rows];
    int at = 0;
    for (Frame part : parts) {
      String[] values = ((TextColumn) part.column(j)).values();
      for (int i = 0; i < part.rowCount(); i++) {
        out[at++] = values[part.physicalRow(i)];
      }
    }
    return new TextColumn(parts.get(0).column(j).name(), out);
  }
}
