package dev.trainyard.app.cli;

/** A job ended in failure for a reason other than the input (exit 1 with its one-line reason). */
final class JobFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  JobFailedException(String reason) {
    super(reason);
  }
}
