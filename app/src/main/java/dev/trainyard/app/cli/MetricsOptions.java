package dev.trainyard.app.cli;

import dev.trainyard.common.metrics.MetricsServer;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/**
 * {@code --metrics-port} and {@code --metrics-host} of the roles without an HTTP API (worker, ps):
 * Prometheus metrics at {@code http://HOST:PORT/metrics}, off unless a port is given (0: a free
 * one); the role prints {@code metrics on URL} before its ready line.
 */
final class MetricsOptions {
  /** What a role prints once its metrics are served; {@code cluster up} reads it. */
  static final String SERVED = "metrics on ";

  @Option(names = "--metrics-port", paramLabel = "P",
      description = "Serve Prometheus metrics at http://METRICS_HOST:P/metrics; 0 picks a free port (default: off).")
  Integer port;

  @Option(names = "--metrics-host", defaultValue = "127.0.0.1", paramLabel = "HOST",
      description = "Address the metrics endpoint binds (default: ${DEFAULT-VALUE}; 0.0.0.0 for all interfaces).")
  String host;

  /** Starts the endpoint if asked and prints its URL on {@code out}; close the result when the role stops. */
  AutoCloseable start(PrintStream out) {
    if (port == null) {
      return () -> {};
    }
    MetricsServer server;
    try {
      server = MetricsServer.start(host, port);
    } catch (java.io.UncheckedIOException e) {
      throw new dev.trainyard.common.InvalidInputException(e.getMessage() + " (pick another --metrics-port)", e);
    }
    out.println(SERVED + server.url());
    out.flush();
    return server;
  }
}
