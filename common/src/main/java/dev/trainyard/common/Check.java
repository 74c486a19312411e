package dev.trainyard.common;

/** Boundary checks that throw {@link InvalidInputException} with a message naming the broken rule. */
public final class Check {
  private Check() {}

  /** Requires {@code min <= value <= max}; e.g. "trees must be between 1 and 10000, was 0". */
  public static int between(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidInputException(
          name + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  /** Requires {@code min <= value <= max} and a finite value. */
  public static double between(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new InvalidInputException(
          name + " must be between " + fmt(min) + " and " + fmt(max) + ", was " + fmt(value));
    }
    return value;
  }

  /** Requires {@code min < value < max}, exclusive on both ends. */
  public static double strictlyBetween(String name, double value, double min, double max) {
    if (!(value > min && value < max)) {
      throw new InvalidInputException(
          name + " must be greater than " + fmt(min) + " and less than " + fmt(max) + ", was " + fmt(value));
    }
    return value;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
