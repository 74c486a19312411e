package dev.trainyard.cluster.queue;

import dev.trainyard.common.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/** Shared validation for the string ids of the task plane; they end up inside broker keys. */
final class Ids {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  private Ids() {}

  static String check(String kind, String value) {
    Objects.requireNonNull(value, kind);
    if (!SAFE.matcher(value).matches()) {
      throw new InvalidInputException(
          kind + " must be 1 to 200 characters of letters, digits, '.', '_' or '-', was \"" + value + "\"");
    }
    return value;
  }
}
