package dev.trainyard.ml.transform;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.Column;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.NumericColumn;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Mean imputation then scaling of one numeric column: a missing ({@code NaN}) value becomes the
 * training mean, then every value becomes {@code (x - center) / divisor} (see {@link Scaling}).
 * Statistics are computed in double over the non-missing training rows. Immutable.
 */
public record NumericTransform(String column, double mean, Scaling scaling, double center, double divisor)
    implements FittedColumn {

  public NumericTransform {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(scaling, "scaling");
    if (!(divisor > 0)) {
      throw new IllegalArgumentException("divisor must be positive, was " + divisor);
    }
  }

  /** Learns the mean and the scaling of column {@code col} over the logical rows of {@code train}. */
  public static NumericTransform fit(Frame train, int col, Scaling scaling) {
    NumericColumn c = (NumericColumn) train.column(col);
    float[] values = c.values();
    int n = train.rowCount();
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int count = 0;
    for (int i = 0; i < n; i++) {
      float v = values[train.physicalRow(i)];
      if (Float.isNaN(v)) {
        continue;
      }
      if (Float.isInfinite(v)) {
        throw new InvalidInputException("feature column '" + c.name() + "' must hold finite numbers, was "
            + v + " at row " + i);
      }
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
      count++;
    }
    if (count == 0) {
      throw new InvalidInputException("feature column '" + c.name() + "' has no values in the training rows");
    }
    double mean = sum / count;
    return switch (scaling) {
      case NONE -> new NumericTransform(c.name(), mean, scaling, 0, 1);
      case STANDARDIZE -> new NumericTransform(c.name(), mean, scaling, mean, nonZero(populationStd(train, values, mean, count)));
      case MINMAX -> new NumericTransform(c.name(), mean, scaling, min, nonZero(max - min));
    };
  }

  /** sqrt(1/n * sum (x - mean)^2) over non-missing rows, a second pass for accuracy. */
  private static double populationStd(Frame train, float[] values, double mean, int count) {
    double squares = 0;
    for (int i = 0; i < train.rowCount(); i++) {
      float v = values[train.physicalRow(i)];
      if (!Float.isNaN(v)) {
        double d = v - mean;
        squares += d * d;
      }
    }
    return Math.sqrt(squares / count);
  }

  private static double nonZero(double spread) {
    return spread > 0 ? spread : 1;
  }

  /** The output for one raw value; {@code NaN} means missing. */
  public float apply(float x) {
    return (float) (((Float.isNaN(x) ? mean : x) - center) / divisor);
  }

  @Override
  public int width() {
    return 1;
  }

  @Override
  public List<String> outputNames() {
    return List.of(column);
  }

  @Override
  public void applyTo(Frame frame, Column input, float[][] out, int first) {
    if (!(input instanceof NumericColumn numeric)) {
      throw new InvalidInputException("feature column '" + column + "' was numeric when the preprocessor was fitted, "
          + "but is " + input.type().id());
    }
    float[] values = numeric.values();
    float[] dst = out[first];
    float filled = (float) ((mean - center) / divisor);
    for (int i = 0; i < dst.length; i++) {
      float v = values[frame.physicalRow(i)];
      dst[i] = Float.isNaN(v) ? filled : (float) ((v - center) / divisor);
    }
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("column", column);
    m.put("type", "numeric");
    m.put("mean", mean);
    m.put("scaling", scaling.id());
    m.put("center", center);
    m.put("divisor", divisor);
    m.put("outputs", outputNames());
    return Collections.unmodifiableMap(m);
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    BinaryIo.writeString(out, column);
    out.writeDouble(mean);
    BinaryIo.writeString(out, scaling.name());
    out.writeDouble(center);
    out.writeDouble(divisor);
  }

  static NumericTransform readFrom(DataInput in) throws IOException {
    String column = BinaryIo.readString(in);
    double mean = in.readDouble();
    Scaling scaling = BinaryIo.readEnum(in, Scaling.class);
    double center = in.readDouble();
    double divisor = in.readDouble();
    if (!(divisor > 0)) {
      throw BinaryIo.corrupt("divisor " + divisor + " of column '" + column + "'");
    }
    return new NumericTransform(column, mean, scaling, center, divisor);
  }
}
