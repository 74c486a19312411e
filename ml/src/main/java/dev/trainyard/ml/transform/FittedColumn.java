package dev.trainyard.ml.transform;

import dev.trainyard.ml.data.Column;
import dev.trainyard.ml.data.Frame;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The fitted transform of one input column: it turns that column of any frame into
 * {@link #width()} output features. Immutable and thread-safe.
 */
public sealed interface FittedColumn permits NumericTransform, CategoricalTransform {
  /** The input column's name. */
  String column();

  /** Number of output features. */
  int width();

  /** Names of the output features, in output order. */
  List<String> outputNames();

  /**
   * Writes this column's features for every logical row of {@code frame} into
   * {@code out[first] .. out[first + width() - 1]}, arrays of {@code frame.rowCount()} zeros.
   * {@code column} is the frame's physical column of that name.
   */
  void applyTo(Frame frame, Column column, float[][] out, int first);

  /** The fitted values as plain maps, lists, strings and numbers, for JSON display. */
  Map<String, Object> describe();

  void writeTo(DataOutput out) throws IOException;
}
