package dev.trainyard.ml.transform;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.Column;
import dev.trainyard.ml.data.ColumnType;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Frame;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns the feature columns of a frame into a {@link FeatureMatrix}: numeric columns are
 * mean-imputed and scaled ({@link NumericTransform}), categorical columns mode-imputed and encoded
 * ({@link CategoricalTransform}), text columns ignored. It is fitted once, on training rows only,
 * and then applied unchanged to any frame holding the same columns (test rows, prediction input);
 * it never refits. Output features follow the order of the feature column list. Saved inside model
 * files with {@link #writeTo}/{@link #readFrom}. Immutable and thread-safe.
 */
public final class Preprocessor {
  private static final int MAGIC = 0x54595050; // "TYPP"
  private static final int FORMAT_VERSION = 1;

  private final PreprocessOptions options;
  private final List<FittedColumn> columns;
  private final List<String> ignoredColumns;
  private final List<String> outputNames;

  /** Assembles already fitted columns; most callers want {@link #fit}. */
  public Preprocessor(PreprocessOptions options, List<FittedColumn> columns, List<String> ignoredColumns) {
    this.options = Objects.requireNonNull(options, "options");
    this.columns = List.copyOf(columns);
    this.ignoredColumns = List.copyOf(ignoredColumns);
    List<String> names = new ArrayList<>();
    for (FittedColumn c : this.columns) {
      names.addAll(c.outputNames());
    }
    this.outputNames = List.copyOf(names);
  }

  /**
   * Fits on the logical rows of {@code train} (a view is fine: only its rows are read), using the
   * named feature columns; text columns among them are skipped and listed in {@link #ignoredColumns()}.
   */
  public static Preprocessor fit(Frame train, List<String> featureColumns, PreprocessOptions options) {
    requireFeatureList(featureColumns);
    requireColumns(train, featureColumns);
    if (train.rowCount() == 0) {
      throw new InvalidInputException("training frame must have at least 1 row, was 0");
    }
    List<FittedColumn> fitted = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (String name : featureColumns) {
      int j = train.indexOf(name);
      ColumnType type = train.column(j).type();
      switch (type) {
        case NUMERIC -> fitted.add(NumericTransform.fit(train, j, options.scaling()));
        case CATEGORICAL -> fitted.add(CategoricalTransform.fit(train, j, options.encoding()));
        case TEXT -> ignored.add(name);
      }
    }
    if (fitted.isEmpty()) {
      throw new InvalidInputException("no usable feature columns: text columns are ignored, and all of "
          + ignored + " are text");
    }
    return new Preprocessor(options, fitted, ignored);
  }

  /**
   * Encodes every logical row of {@code frame} (only a view's own rows are gathered). The frame
   * must hold every input column; other columns are ignored.
   */
  public FeatureMatrix apply(Frame frame) {
    requireColumns(frame, inputColumns());
    int rows = frame.rowCount();
    float[][] out = new float[outputNames.size()][];
    for (int j = 0; j < out.length; j++) {
      out[j] = new float[rows];
    }
    int first = 0;
    for (FittedColumn c : columns) {
      Column input = frame.column(c.column());
      c.applyTo(frame, input, out, first);
      first += c.width();
    }
    return new FeatureMatrix(outputNames, out, rows);
  }

  private static void requireFeatureList(List<String> featureColumns) {
    if (featureColumns.isEmpty()) {
      throw new InvalidInputException("feature columns must not be empty");
    }
    Set<String> seen = new HashSet<>();
    for (String name : featureColumns) {
      if (!seen.add(name)) {
        throw new InvalidInputException("feature column '" + name + "' is listed twice");
      }
    }
  }

  private static void requireColumns(Frame frame, List<String> names) {
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      if (!frame.has(name)) {
        missing.add("'" + name + "'");
      }
    }
    if (missing.size() == 1) {
      throw new InvalidInputException("missing feature column " + missing.get(0));
    }
    if (!missing.isEmpty()) {
      throw new InvalidInputException("missing feature columns " + String.join(", ", missing));
    }
  }

  public PreprocessOptions options() {
    return options;
  }

  /** The fitted transform of each used input column, in output order. */
  public List<FittedColumn> columns() {
    return columns;
  }

  /** Names of the input columns a frame must hold, in output order. */
  public List<String> inputColumns() {
    List<String> names = new ArrayList<>(columns.size());
    for (FittedColumn c : columns) {
      names.add(c.column());
    }
    return List.copyOf(names);
  }

  /** Feature columns that were skipped because they are text. */
  public List<String> ignoredColumns() {
    return ignoredColumns;
  }

  /** Names of the output features, e.g. {@code age}, {@code color=red}, {@code color=blue}. */
  public List<String> outputNames() {
    return outputNames;
  }

  /**
   * The fitted state as plain maps, lists, strings and numbers (keys {@code encoding},
   * {@code scaling}, {@code inputs}, {@code ignored}, {@code outputs}), ready for JSON.
   */
  public Map<String, Object> describe() {
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (FittedColumn c : columns) {
      inputs.add(c.describe());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("encoding", options.encoding().id());
    m.put("scaling", options.scaling().id());
    m.put("inputs", List.copyOf(inputs));
    m.put("ignored", ignoredColumns);
    m.put("outputs", outputNames);
    return Collections.unmodifiableMap(m);
  }

  /** Writes the fitted state; {@link #readFrom} restores an equal preprocessor. */
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(FORMAT_VERSION);
    BinaryIo.writeString(out, options.encoding().name());
    BinaryIo.writeString(out, options.scaling().name());
    out.writeInt(ignoredColumns.size());
    for (String name : ignoredColumns) {
      BinaryIo.writeString(out, name);
    }
    out.writeInt(columns.size());
    for (FittedColumn c : columns) {
      out.writeByte(c instanceof NumericTransform ? 'N' : 'C');
      c.writeTo(out);
    }
  }

  /**
   * Reads what {@link #writeTo} wrote. Data that is not a preprocessor, or of an unknown format
   * version, gives an {@link InvalidInputException}; a truncated stream an {@link IOException}.
   */
  public static Preprocessor readFrom(DataInput in) throws IOException {
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new InvalidInputException("not a Trainyard preprocessor: bad header 0x" + Integer.toHexString(magic));
    }
    int version = in.readInt();
    if (version != FORMAT_VERSION) {
      throw new InvalidInputException("preprocessor format version must be " + FORMAT_VERSION + ", was " + version);
    }
    Encoding encoding = BinaryIo.readEnum(in, Encoding.class);
    Scaling scaling = BinaryIo.readEnum(in, Scaling.class);
    int ignoredCount = BinaryIo.readCount(in, "ignored column count");
    List<String> ignored = new ArrayList<>();
    for (int i = 0; i < ignoredCount; i++) {
      ignored.add(BinaryIo.readString(in));
    }
    int count = BinaryIo.readCount(in, "column count");
    List<FittedColumn> fitted = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte kind = in.readByte();
      switch (kind) {
        case 'N' -> fitted.add(NumericTransform.readFrom(in));
        case 'C' -> fitted.add(CategoricalTransform.readFrom(in));
        default -> throw BinaryIo.corrupt("unknown column kind " + kind);
      }
    }
    return new Preprocessor(new PreprocessOptions(encoding, scaling), fitted, ignored);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Preprocessor p
        && options.equals(p.options)
        && columns.equals(p.columns)
        && ignoredColumns.equals(p.ignoredColumns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(options, columns, ignoredColumns);
  }

  @Override
  public String toString() {
    return "Preprocessor[" + options.encoding().id() + ", " + options.scaling().id() + ", "
        + columns.size() + " inputs -> " + outputNames.size() + " features]";
  }
}
