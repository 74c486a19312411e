package dev.trainyard.ml.pipeline;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.CategoricalColumn;
import dev.trainyard.ml.data.Column;
import dev.trainyard.ml.data.ColumnType;
import dev.trainyard.ml.data.Frame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The input columns a model was trained on (name and type, in order) and its label column. Used to
 * read prediction input with the training types, and to report what a model needs.
 */
public record InputSchema(List<Field> fields, String label) {
  /** One input column. */
  public record Field(String name, ColumnType type) {
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  public InputSchema {
    fields = List.copyOf(fields);
    Objects.requireNonNull(label, "label");
  }

  /** The non-text columns of {@code frame} other than {@code label}. */
  public static InputSchema of(Frame frame, String label) {
    frame.indexOf(label);
    List<Field> fields = new ArrayList<>();
    for (Column c : frame.columns()) {
      if (!c.name().equals(label) && c.type() != ColumnType.TEXT) {
        fields.add(new Field(c.name(), c.type()));
      }
    }
    if (fields.isEmpty()) {
      throw new InvalidInputException("no feature columns: every column other than the label '" + label
          + "' is text; declare a column numeric or categorical");
    }
    return new InputSchema(fields, label);
  }

  /**
   * The named columns of {@code frame}, in the given order: each must exist, be numeric or
   * categorical, differ from {@code label} and be listed once.
   */
  public static InputSchema of(Frame frame, String label, List<String> columns) {
    frame.indexOf(label);
    List<Field> fields = new ArrayList<>();
    for (String name : columns) {
      Column c = frame.column(frame.indexOf(name));
      if (name.equals(label)) {
        throw new InvalidInputException("input column '" + name + "' must not be the label");
      }
      if (c.type() == ColumnType.TEXT) {
        throw new InvalidInputException("input column '" + name + "' must be numeric or categorical, was text");
      }
      if (fields.contains(new Field(name, c.type()))) {
        throw new InvalidInputException("input column '" + name + "' must be listed once");
      }
      fields.add(new Field(name, c.type()));
    }
    if (fields.isEmpty()) {
      throw new InvalidInputException("input columns must not be empty");
    }
    return new InputSchema(fields, label);
  }

  public List<String> names() {
    List<String> names = new ArrayList<>(fields.size());
    for (Field f : fields) {
      names.add(f.name());
    }
    return names;
  }

  /** Column types to force when reading prediction input, so it is read as training data was. */
  public Map<String, ColumnType> readTypes(List<String> presentColumns) {
    Map<String, ColumnType> types = new LinkedHashMap<>();
    for (Field f : fields) {
      if (presentColumns.contains(f.name())) {
        types.put(f.name(), f.type());
      }
    }
    return types;
  }

  /** Fails naming every column the model needs that {@code frame} lacks. */
  public void requireColumns(Frame frame) {
    List<String> missing = new ArrayList<>();
    for (Field f : fields) {
      if (!frame.has(f.name())) {
        missing.add(f.name());
      } else if (frame.column(f.name()).type() != f.type()
          && !(f.type() == ColumnType.CATEGORICAL && frame.column(f.name()) instanceof CategoricalColumn)) {
        throw new InvalidInputException("column '" + f.name() + "' is " + frame.column(f.name()).type().id()
            + " but the model was trained on it as " + f.type().id());
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidInputException("input lacks column(s) the model needs: " + missing);
    }
  }
}
