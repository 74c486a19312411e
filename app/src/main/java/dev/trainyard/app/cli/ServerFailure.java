package dev.trainyard.app.cli;

/**
 * The server answered, but failed (5xx) or broke the protocol: not the user's input, so the client
 * commands print the one-line message and exit 1 (see {@link ClientCommand}).
 */
final class ServerFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ServerFailure(String message) {
    super(message);
  }
}
