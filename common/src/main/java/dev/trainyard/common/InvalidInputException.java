package dev.trainyard.common;

import java.util.List;
import java.util.Objects;

/**
 * The caller gave input that breaks a named rule (bad file, bad parameter, bad value). Boundaries
 * translate it once: CLI exit code 2, HTTP 400, gRPC INVALID_ARGUMENT. The message is meant for
 * the user as it is; {@link #details()} lists every problem when there is more than one.
 */
public class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> details;

  public InvalidInputException(String message) {
    this(message, List.of());
  }

  public InvalidInputException(String message, List<String> details) {
    super(Objects.requireNonNull(message, "message"));
    this.details = List.copyOf(details);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.details = List.of();
  }

  /** Every problem found, one sentence each; empty when the message says it all. */
  public List<String> details() {
    return details;
  }
}
