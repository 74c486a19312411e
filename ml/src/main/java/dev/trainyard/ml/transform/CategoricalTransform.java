package dev.trainyard.ml.transform;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.CategoricalColumn;
import dev.trainyard.ml.data.Column;
import dev.trainyard.ml.data.Frame;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Mode imputation then encoding of one categorical column. {@link #levels()} are the levels that
 * occur in the training rows, in the training column's level order; a missing value becomes the
 * most frequent of them ({@link #mode()}, ties to the earlier level). Levels are matched by their
 * text, so a frame whose column lists its levels in another order, or that was read as numeric or
 * text, is encoded the same way. Unseen levels encode as all-zero indicators ({@link
 * Encoding#ONE_HOT}) or {@link #UNKNOWN_ORDINAL} ({@link Encoding#ORDINAL}). Immutable.
 */
public record CategoricalTransform(String column, List<String> levels, int mode, Encoding encoding)
    implements FittedColumn {

  /** The ordinal value of a level that did not occur in the training rows. */
  public static final int UNKNOWN_ORDINAL = -1;

  public CategoricalTransform {
    Objects.requireNonNull(column, "column");
    levels = List.copyOf(levels);
    Objects.requireNonNull(encoding, "encoding");
    if (mode < 0 || mode >= levels.size()) {
      throw new IllegalArgumentException("mode must be between 0 and " + (levels.size() - 1) + ", was " + mode);
    }
  }

  /** Learns the levels and the mode of categorical column {@code col} over the rows of {@code train}. */
  public static CategoricalTransform fit(Frame train, int col, Encoding encoding) {
    CategoricalColumn c = (CategoricalColumn) train.column(col);
    int[] codes = c.codes();
    long[] counts = new long[c.levels().size()];
    for (int i = 0; i < train.rowCount(); i++) {
      int code = codes[train.physicalRow(i)];
      if (code != CategoricalColumn.MISSING) {
        counts[code]++;
      }
    }
    List<String> seen = new ArrayList<>();
    int mode = -1;
    long modeCount = 0;
    for (int code = 0; code < counts.length; code++) {
      if (counts[code] > 0) {
        if (counts[code] > modeCount) {
          mode = seen.size();
          modeCount = counts[code];
        }
        seen.add(c.levels().get(code));
      }
    }
    if (seen.isEmpty()) {
      throw new InvalidInputException("feature column '" + c.name() + "' has no values in the training rows");
    }
    return new CategoricalTransform(c.name(), seen, mode, encoding);
  }

  @Override
  public int width() {
    return encoding == Encoding.ONE_HOT ? levels.size() : 1;
  }

  @Override
  public List<String> outputNames() {
    if (encoding == Encoding.ORDINAL) {
      return List.of(column);
    }
    List<String> names = new ArrayList<>(levels.size());
    for (String level : levels) {
      names.add(column + "=" + level);
    }
    return List.copyOf(names);
  }

  @Override
  public void applyTo(Frame frame, Column input, float[][] out, int first) {
    int rows = frame.rowCount();
    if (input instanceof CategoricalColumn categorical) {
      int[] remap = remap(categorical.levels());
      int[] codes = categorical.codes();
      for (int i = 0; i < rows; i++) {
        int code = codes[frame.physicalRow(i)];
        put(out, first, i, code == CategoricalColumn.MISSING ? mode : remap[code]);
      }
    } else {
      // Numbers or text where a category was fitted (e.g. a one-row prediction file whose "1"
      // was read as numeric): match each value's text against the training levels.
      Map<String, Integer> index = levelIndex();
      for (int i = 0; i < rows; i++) {
        int p = frame.physicalRow(i);
        put(out, first, i, input.isMissing(p) ? mode : index.getOrDefault(input.format(p), UNKNOWN_ORDINAL));
      }
    }
  }

  /** Writes level {@code level} (an index into {@link #levels()}, or UNKNOWN_ORDINAL) for row i. */
  private void put(float[][] out, int first, int row, int level) {
    if (encoding == Encoding.ORDINAL) {
      out[first][row] = level;
    } else if (level != UNKNOWN_ORDINAL) {
      out[first + level][row] = 1f;
    }
  }

  /** For each code of a column with {@code otherLevels}, the fitted level index or UNKNOWN_ORDINAL. */
  private int[] remap(List<String> otherLevels) {
    Map<String, Integer> index = levelIndex();
    int[] remap = new int[otherLevels.size()];
    for (int code = 0; code < remap.length; code++) {
      remap[code] = index.getOrDefault(otherLevels.get(code), UNKNOWN_ORDINAL);
    }
    return remap;
  }

  private Map<String, Integer> levelIndex() {
    Map<String, Integer> index = new HashMap<>();
    for (int j = 0; j < levels.size(); j++) {
      index.put(levels.get(j), j);
    }
    return index;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("column", column);
    m.put("type", "categorical");
    m.put("levels", levels);
    m.put("mode", levels.get(mode));
    m.put("encoding", encoding.id());
    m.put("outputs", outputNames());
    return Collections.unmodifiableMap(m);
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    BinaryIo.writeString(out, column);
    BinaryIo.writeString(out, encoding.name());
    out.writeInt(levels.size());
    for (String level : levels) {
      BinaryIo.writeString(out, level);
    }
    out.writeInt(mode);
  }

  static CategoricalTransform readFrom(DataInput in) throws IOException {
    String column = BinaryIo.readString(in);
    Encoding encoding = BinaryIo.readEnum(in, Encoding.class);
    int n = BinaryIo.readCount(in, "level count");
    List<String> levels = new ArrayList<>(Math.min(n, 1024));
    for (int j = 0; j < n; j++) {
      levels.add(BinaryIo.readString(in));
    }
    int mode = in.readInt();
    if (mode < 0 || mode >= n) {
      throw BinaryIo.corrupt("mode " + mode + " of column '" + column + "' with " + n + " levels");
    }
    return new CategoricalTransform(column, levels, mode, encoding);
  }
}
