package dev.trainyard.ml.param;

import dev.trainyard.common.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validated hyper-parameters: every declared parameter has a typed value (the user's or the
 * default). Built by {@link #parse}, which reports every problem at once. Immutable.
 */
public final class Params {
  private final Map<String, Object> values;
  private final Map<String, String> given;

  private Params(Map<String, Object> values, Map<String, String> given) {
    // Unmodifiable copies that keep declaration order, so printed parameters read like the docs.
    this.values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.given = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(given));
  }

  /**
   * Validates {@code raw} (name to text) against {@code specs} for algorithm {@code algorithm}.
   * Unknown names and bad values are all collected into one {@link InvalidInputException}.
   */
  public static Params parse(String algorithm, List<ParamSpec> specs, Map<String, String> raw) {
    Map<String, ParamSpec> byName = new LinkedHashMap<>();
    for (ParamSpec s : specs) {
      byName.put(s.name(), s);
    }
    List<String> problems = new ArrayList<>();
    for (String key : raw.keySet()) {
      if (!byName.containsKey(key)) {
        problems.add("unknown parameter '" + key + "' for " + algorithm + "; known parameters: "
            + String.join(", ", byName.keySet()));
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParamSpec s : specs) {
      String text = raw.getOrDefault(s.name(), s.defaultValue());
      try {
        values.put(s.name(), s.parse(text));
      } catch (InvalidInputException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          problems.size() == 1 ? problems.get(0) : "invalid parameters: " + String.join("; ", problems), problems);
    }
    Map<String, String> given = new LinkedHashMap<>(raw);
    return new Params(values, given);
  }

  public int getInt(String name) {
    return (Integer) require(name);
  }

  public double getDouble(String name) {
    return (Double) require(name);
  }

  public boolean getBoolean(String name) {
    return (Boolean) require(name);
  }

  public String getString(String name) {
    return (String) require(name);
  }

  @SuppressWarnings("unchecked")
  public List<Integer> getIntList(String name) {
    return (List<Integer>) require(name);
  }

  /** The parameters exactly as the user gave them (for provenance). */
  public Map<String, String> given() {
    return given;
  }

  /** Every parameter with its effective value as text (defaults included). */
  public Map<String, String> effective() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, v instanceof List<?> l ? joinList(l) : String.valueOf(v)));
    return out;
  }

  private static String joinList(List<?> l) {
    StringBuilder sb = new StringBuilder();
    for (Object o : l) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(o);
    }
    return sb.toString();
  }

  private Object require(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("parameter '" + name + "' is not declared");
    }
    return v;
  }
}
