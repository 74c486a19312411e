package dev.trainyard.bench.peer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The harness's hyper-parameters (PARAMS_JSON: one flat JSON object of strings, numbers or
 * booleans), read by key. Keys a peer never asked for are listed on stderr by {@link #unused}, so a
 * silently ignored parameter is visible. Not thread-safe.
 */
final class Params {
  private final Map<String, String> values;
  private final Set<String> asked = new LinkedHashSet<>();

  private Params(Map<String, String> values) {
    this.values = values;
  }

  static Params parse(String json) {
    return new Params(FlatJson.parse(json));
  }

  Map<String, String> all() {
    return Collections.unmodifiableMap(values);
  }

  Optional<String> string(String key) {
    asked.add(key);
    return Optional.ofNullable(values.get(key));
  }

  Optional<Integer> integer(String key) {
    return string(key).map(v -> {
      try {
        double d = Double.parseDouble(v);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
          throw new NumberFormatException();
        }
        return (int) d;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("parameter " + key + " must be an integer, was '" + v + "'");
      }
    });
  }

  Optional<Double> number(String key) {
    return string(key).map(v -> {
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("parameter " + key + " must be a number, was '" + v + "'");
      }
    });
  }

  /** The first of {@code keys} that is set (e.g. iterations, then epochs). */
  Optional<Integer> firstInteger(String... keys) {
    for (String k : keys) {
      Optional<Integer> v = integer(k);
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }

  /** Keys that were given but never asked for. */
  Map<String, String> unused() {
    Map<String, String> out = new LinkedHashMap<>(values);
    out.keySet().removeAll(asked);
    return out;
  }
}
