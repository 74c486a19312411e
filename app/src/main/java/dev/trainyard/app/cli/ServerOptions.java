package dev.trainyard.app.cli;

import picocli.CommandLine.Option;

/** The {@code --server URL} flag of the client commands (env {@code TRAINYARD_SERVER}). */
public final class ServerOptions {
  /** Where a coordinator listens when nothing else is said. */
  public static final String DEFAULT_URL = "http://127.0.0.1:8080";

  @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:TRAINYARD_SERVER:-" + DEFAULT_URL + "}",
      description = "Coordinator URL (default: $TRAINYARD_SERVER or " + DEFAULT_URL + ").")
  String url;

  ApiClient client() {
    return new ApiClient(url);
  }
}
