package dev.trainyard.server.api;

import java.util.List;

/**
 * A request the API refuses with a specific status and a message for the user (e.g. 409 "no result
 * yet", 413 "upload too large").
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final List<String> details;

  ApiException(int status, String message) {
    this(status, message, List.of());
  }

  ApiException(int status, String message, List<String> details) {
    super(message);
    this.status = status;
    this.details = List.copyOf(details);
  }

  int status() {
    return status;
  }

  List<String> details() {
    return details;
  }
}
