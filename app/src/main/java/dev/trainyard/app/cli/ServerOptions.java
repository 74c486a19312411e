package dev.trainyard.app.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --server URL} and {@code --token TOKEN} flags of the client commands (env
 * {@code TRAINYARD_SERVER}, {@code TRAINYARD_TOKEN}); without a token, {@code TRAINYARD_USER} and
 * {@code TRAINYARD_PASSWORD} log in for a session.
 */
public final class ServerOptions {
  /** Where a coordinator listens when nothing else is said. */
  public static final String DEFAULT_URL = "http://127.0.0.1:8080";

  @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:TRAINYARD_SERVER:-" + DEFAULT_URL + "}",
      description = "Coordinator URL (default: $TRAINYARD_SERVER or " + DEFAULT_URL + ").")
  String url;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:TRAINYARD_TOKEN}",
      description = "Personal API token (default: $TRAINYARD_TOKEN; else $TRAINYARD_USER and $TRAINYARD_PASSWORD"
          + " log in).")
  String token;

  /** Where TRAINYARD_USER and TRAINYARD_PASSWORD are read; tests replace it. */
  public static volatile java.util.function.UnaryOperator<String> environment = System::getenv;

  ApiClient client() {
    return new ApiClient(url, ApiClient.Credentials.of(token, environment.apply("TRAINYARD_USER"),
        environment.apply("TRAINYARD_PASSWORD")));
  }
}
