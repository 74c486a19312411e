package dev.trainyard.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.CategoricalColumn;
import dev.trainyard.ml.data.Column;
import dev.trainyard.ml.data.ColumnType;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.NumericColumn;
import dev.trainyard.ml.pipeline.InputSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the rows of a prediction request into a {@link Frame} with the model's input columns and
 * training types. A row is an object ({@code {"column": value}}: every input column present, the
 * label column allowed and ignored, nothing else) or an array of the input values in training
 * column order. {@code null} (and {@code ""}) is a missing value. A numeric column takes a JSON
 * number or a string holding one; a categorical column takes a string, number or boolean as its text
 * (a level not seen in training is encoded as unknown by the model). Every broken rule is reported
 * with its row ({@code rows[i]}, from 0) and column, the first as the message and up to
 * {@value #MAX_DETAILS} in the details. Stateless.
 */
final class PredictionInput {
  static final int MAX_ROWS = 10_000;
  static final int MAX_DETAILS = 20;

  private PredictionInput() {}

  /** The frame of {@code body}'s rows; InvalidInputException naming every broken rule otherwise. */
  static Frame parse(JsonNode body, InputSchema schema) {
    JsonNode rows = body == null ? null : body.get("rows");
    if (body == null || !body.isObject() || rows == null || !rows.isArray()) {
      throw new InvalidInputException("the request body must be a JSON object with \"rows\": an array of rows"
          + " (objects by column name, or arrays in the training column order " + schema.names() + ")");
    }
    if (rows.isEmpty()) {
      throw new InvalidInputException("rows must not be empty");
    }
    if (rows.size() > MAX_ROWS) {
      throw new InvalidInputException("rows must be at most " + MAX_ROWS + " per request, was " + rows.size()
          + "; use a batch prediction job for more");
    }
    Builder b = new Builder(schema, rows.size());
    for (int i = 0; i < rows.size() && b.errors.size() < MAX_DETAILS; i++) {
      b.row(i, rows.get(i));
    }
    if (!b.errors.isEmpty()) {
      throw new InvalidInputException(b.errors.get(0), b.errors);
    }
    return b.frame();
  }

  /** Fills one column array per input field; collects problems instead of stopping at the first. */
  private static final class Builder {
    private final InputSchema schema;
    private final List<InputSchema.Field> fields;
    private final Map<String, Integer> index = new HashMap<>();
    private final float[][] numbers;
    private final int[][] codes;
    private final List<Map<String, Integer>> dictionaries = new ArrayList<>();
    private final List<List<String>> levels = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    Builder(InputSchema schema, int rowCount) {
      this.schema = schema;
      this.fields = schema.fields();
      this.numbers = new float[fields.size()][];
      this.codes = new int[fields.size()][];
      for (int j = 0; j < fields.size(); j++) {
        index.put(fields.get(j).name(), j);
        if (fields.get(j).type() == ColumnType.NUMERIC) {
          numbers[j] = new float[rowCount];
        } else {
          codes[j] = new int[rowCount];
        }
        dictionaries.add(new HashMap<>());
        levels.add(new ArrayList<>());
      }
    }

    void row(int i, JsonNode row) {
      if (row.isArray()) {
        arrayRow(i, row);
      } else if (row.isObject()) {
        objectRow(i, row);
      } else {
        errors.add("rows[" + i + "] must be an object by column name or an array of " + fields.size()
            + " values in the training column order " + schema.names() + ", was " + kind(row));
      }
    }

    private void arrayRow(int i, JsonNode row) {
      if (row.size() != fields.size()) {
        errors.add("rows[" + i + "] must hold " + fields.size() + " values in the training column order "
            + schema.names() + ", held " + row.size());
        return;
      }
      for (int j = 0; j < fields.size(); j++) {
        value(i, j, row.get(j));
      }
    }

    private void objectRow(int i, JsonNode row) {
      Set<String> seen = new HashSet<>();
      for (Map.Entry<String, JsonNode> e : row.properties()) {
        Integer j = index.get(e.getKey());
        if (j != null) {
          seen.add(e.getKey());
          value(i, j, e.getValue());
        } else if (!e.getKey().equals(schema.label())) {
          errors.add("rows[" + i + "]: unknown column '" + printable(e.getKey()) + "'; the model's columns are "
              + schema.names());
        }
      }
      for (InputSchema.Field f : fields) {
        if (!seen.contains(f.name())) {
          errors.add("rows[" + i + "]: missing column '" + f.name() + "' (give null for a missing value)");
        }
      }
    }

    private void value(int i, int j, JsonNode v) {
      InputSchema.Field f = fields.get(j);
      boolean missing = v == null || v.isNull() || (v.isTextual() && v.asText().isBlank());
      if (f.type() == ColumnType.NUMERIC) {
        numbers[j][i] = missing ? Float.NaN : number(i, f, v);
      } else {
        codes[j][i] = missing ? CategoricalColumn.MISSING : code(i, j, v);
      }
    }

    private float number(int i, InputSchema.Field f, JsonNode v) {
      if (v.isNumber()) {
        return (float) v.asDouble();
      }
      if (v.isTextual()) {
        try {
          double d = Double.parseDouble(v.asText().strip());
          if (Double.isFinite(d) && v.asText().strip().matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?")) {
            return (float) d;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      errors.add("rows[" + i + "], column '" + f.name() + "': expected a number, was " + kind(v));
      return Float.NaN;
    }

    private int code(int i, int j, JsonNode v) {
      if (!v.isTextual() && !v.isNumber() && !v.isBoolean()) {
        errors.add("rows[" + i + "], column '" + fields.get(j).name() + "': expected a category (a string), was "
            + kind(v));
        return CategoricalColumn.MISSING;
      }
      String text = v.isTextual() ? v.asText().strip() : v.asText();
      return dictionaries.get(j).computeIfAbsent(text, t -> {
        levels.get(j).add(t);
        return levels.get(j).size() - 1;
      });
    }

    Frame frame() {
      List<Column> columns = new ArrayList<>(fields.size());
      for (int j = 0; j < fields.size(); j++) {
        String name = fields.get(j).name();
        columns.add(numbers[j] != null ? new NumericColumn(name, numbers[j])
            : new CategoricalColumn(name, codes[j], levels.get(j)));
      }
      return Frame.of(columns);
    }
  }

  /** How a bad value is shown in a message: strings quoted and cut, other values by their JSON kind. */
  static String kind(JsonNode v) {
    if (v.isTextual()) {
      return "'" + printable(v.asText()) + "'";
    }
    if (v.isObject()) {
      return "an object";
    }
    if (v.isArray()) {
      return "an array";
    }
    return v.toString();
  }

  private static String printable(String s) {
    String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
