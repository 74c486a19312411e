package dev.trainyard.common;

/** Something the caller named does not exist (file, model, job): HTTP 404, CLI exit code 2. */
public class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }
}
