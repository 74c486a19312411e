package dev.trainyard.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.ml.data.CategoricalColumn;
import dev.trainyard.ml.data.Column;
import dev.trainyard.ml.data.ColumnType;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.NumericColumn;
import dev.trainyard.ml.data.TextColumn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Summary statistics of one column, fed part by part (the chunks of a file, one after another):
 * missing count; for numbers count, min, max, mean and sample standard deviation (Welford's update,
 * with Chan's formula to add a run of equal values); for levels and text the count of each distinct
 * value, exact up to {@value #MAX_DISTINCT} distinct values — past that, new values are no longer
 * counted and {@code distinct} is a lower bound ({@code distinct_approx: true}). Not thread-safe.
 */
final class ColumnSummary {
  static final int MAX_DISTINCT = 100_000;
  static final int TOP = 10;

  private final String name;
  private ColumnType type;
  private long missing;
  private long count;
  private double mean;
  /** Sum of squared deviations from the mean: the variance is m2 / (count - 1). */
  private double m2;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private final Map<String, long[]> levels = new HashMap<>();
  private boolean capped;
  private String problem;

  ColumnSummary(String name, ColumnType type) {
    this.name = name;
    this.type = type;
  }

  String name() {
    return name;
  }

  void type(ColumnType t) {
    this.type = t;
  }

  /** A problem to report with the column (e.g. a numeric column with a stray word). */
  void problem(String p) {
    this.problem = p;
  }

  /** Adds the frame's rows of column {@code col}. */
  void add(Frame frame, int col) {
    Column c = frame.column(col);
    int rows = frame.rowCount();
    if (c instanceof NumericColumn n) {
      float[] v = n.values();
      for (int i = 0; i < rows; i++) {
        float x = v[frame.physicalRow(i)];
        if (Float.isNaN(x)) {
          missing++;
        } else {
          add(x);
        }
      }
    } else if (c instanceof CategoricalColumn cat) {
      addCodes(frame, cat);
    } else {
      String[] v = ((TextColumn) c).values();
      for (int i = 0; i < rows; i++) {
        String s = v[frame.physicalRow(i)];
        if (s == null) {
          missing++;
        } else {
          level(s, 1);
        }
      }
    }
  }

  private void addCodes(Frame frame, CategoricalColumn cat) {
    long[] perCode = new long[cat.levels().size()];
    int[] codes = cat.codes();
    for (int i = 0; i < frame.rowCount(); i++) {
      int code = codes[frame.physicalRow(i)];
      if (code == CategoricalColumn.MISSING) {
        missing++;
      } else {
        perCode[code]++;
      }
    }
    for (int k = 0; k < perCode.length; k++) {
      if (perCode[k] > 0) {
        level(cat.levels().get(k), perCode[k]);
      }
    }
  }

  void add(double x) {
    count++;
    double delta = x - mean;
    mean += delta / count;
    m2 += delta * (x - mean);
    min = Math.min(min, x);
    max = Math.max(max, x);
  }

  /** Adds {@code n} rows holding {@code value} (a sparse file's absent entries are zeros). */
  void addConstant(long n, double value) {
    if (n <= 0) {
      return;
    }
    long total = count + n;
    double delta = value - mean;
    // Chan et al.: merging a group of n equal values (its own m2 is 0)
    m2 += delta * delta * count * n / total;
    mean += delta * n / total;
    count = total;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }

  private void level(String value, long n) {
    long[] c = levels.get(value);
    if (c == null) {
      if (levels.size() >= MAX_DISTINCT) {
        capped = true;
        return;
      }
      levels.put(value, c = new long[1]);
    }
    c[0] += n;
  }

  /** {@code {name, type, missing, ...}}: numbers with count/min/max/mean/std, levels with distinct/top. */
  ObjectNode toJson() {
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.put("name", name);
    n.put("type", type.id());
    n.put("missing", missing);
    if (type == ColumnType.NUMERIC) {
      n.put("count", count);
      putNumber(n, "min", count > 0 ? min : Double.NaN);
      putNumber(n, "max", count > 0 ? max : Double.NaN);
      putNumber(n, "mean", count > 0 ? mean : Double.NaN);
      putNumber(n, "std", count > 1 ? Math.sqrt(m2 / (count - 1)) : Double.NaN);
    } else {
      n.put("count", levels.values().stream().mapToLong(c -> c[0]).sum());
      n.put("distinct", levels.size());
      n.put("distinct_approx", capped);
      ArrayNode top = n.putArray("top");
      for (Map.Entry<String, long[]> e : top()) {
        top.addObject().put("value", DatasetFiles.cut(e.getKey())).put("count", e.getValue()[0]);
      }
    }
    if (problem != null) {
      n.put("problem", problem);
    }
    return n;
  }

  private List<Map.Entry<String, long[]>> top() {
    List<Map.Entry<String, long[]>> all = new ArrayList<>(levels.entrySet());
    all.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
        .thenComparing(Map.Entry::getKey));
    return all.subList(0, Math.min(TOP, all.size()));
  }

  static void putNumber(ObjectNode n, String key, double v) {
    if (Double.isFinite(v)) {
      n.put(key, v);
    } else {
      n.putNull(key);
    }
  }
}
