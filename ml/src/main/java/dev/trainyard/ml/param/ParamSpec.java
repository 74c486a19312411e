package dev.trainyard.ml.param;

import dev.trainyard.common.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One hyper-parameter an algorithm accepts: name, kind, default (as text), allowed range or
 * choices, and a one-line description. Parses and validates a user's text into a typed value.
 */
public record ParamSpec(
    String name, Kind kind, String defaultValue, double min, double max, List<String> choices, String description) {

  /**
   * The value kinds. {@code INT_LIST} is comma-separated, e.g. {@code hidden=256,128}; {@code TEXT}
   * is any non-blank text, e.g. a column name.
   */
  public enum Kind {
    INT,
    DOUBLE,
    BOOLEAN,
    CHOICE,
    INT_LIST,
    TEXT
  }

  public ParamSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(defaultValue, "defaultValue");
    choices = List.copyOf(choices);
    Objects.requireNonNull(description, "description");
  }

  public static ParamSpec integer(String name, int def, int min, int max, String description) {
    return new ParamSpec(name, Kind.INT, Integer.toString(def), min, max, List.of(), description);
  }

  public static ParamSpec real(String name, double def, double min, double max, String description) {
    return new ParamSpec(name, Kind.DOUBLE, Double.toString(def), min, max, List.of(), description);
  }

  public static ParamSpec bool(String name, boolean def, String description) {
    return new ParamSpec(name, Kind.BOOLEAN, Boolean.toString(def), 0, 1, List.of("true", "false"), description);
  }

  public static ParamSpec choice(String name, String def, List<String> choices, String description) {
    return new ParamSpec(name, Kind.CHOICE, def, 0, 0, choices, description);
  }

  public static ParamSpec intList(String name, String def, int min, int max, String description) {
    return new ParamSpec(name, Kind.INT_LIST, def, min, max, List.of(), description);
  }

  /** Any non-blank text (trimmed), e.g. a column name. */
  public static ParamSpec text(String name, String def, String description) {
    return new ParamSpec(name, Kind.TEXT, def, 0, 0, List.of(), description);
  }

  /** Parses {@code text}; throws {@link InvalidInputException} naming the parameter and the rule. */
  public Object parse(String text) {
    String t = text.trim();
    switch (kind) {
      case INT: {
        long v;
        try {
          v = Long.parseLong(t);
        } catch (NumberFormatException e) {
          throw new InvalidInputException(name + " must be an integer, was '" + text + "'");
        }
        if (v < min || v > max) {
          throw new InvalidInputException(
              name + " must be between " + (long) min + " and " + (long) max + ", was " + t);
        }
        return (int) v;
      }
      case DOUBLE: {
        double v;
        try {
          v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
          throw new InvalidInputException(name + " must be a number, was '" + text + "'");
        }
        if (!(v >= min && v <= max)) {
          throw new InvalidInputException(
              name + " must be between " + fmt(min) + " and " + fmt(max) + ", was " + t);
        }
        return v;
      }
      case BOOLEAN: {
        String l = t.toLowerCase(Locale.ROOT);
        if (l.equals("true") || l.equals("false")) {
          return Boolean.parseBoolean(l);
        }
        throw new InvalidInputException(name + " must be true or false, was '" + text + "'");
      }
      case CHOICE: {
        String l = t.toLowerCase(Locale.ROOT);
        if (choices.contains(l)) {
          return l;
        }
        throw new InvalidInputException(name + " must be one of " + choices + ", was '" + text + "'");
      }
      case INT_LIST: {
        List<Integer> out = new ArrayList<>();
        for (String part : t.split(",")) {
          String p = part.trim();
          int v;
          try {
            v = Integer.parseInt(p);
          } catch (NumberFormatException e) {
            throw new InvalidInputException(
                name + " must be a comma-separated list of integers, was '" + text + "'");
          }
          if (v < min || v > max) {
            throw new InvalidInputException(
                name + " values must be between " + (long) min + " and " + (long) max + ", was " + v);
          }
          out.add(v);
        }
        return List.copyOf(out);
      }
      case TEXT: {
        if (t.isEmpty()) {
          throw new InvalidInputException(name + " must not be blank");
        }
        return t;
      }
      default:
        throw new AssertionError(kind);
    }
  }

  private static String fmt(double v) {
    if (v == Double.MAX_VALUE) {
      return "infinity";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
