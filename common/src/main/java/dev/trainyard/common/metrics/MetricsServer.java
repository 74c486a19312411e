package dev.trainyard.common.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP server answering {@code GET /metrics} with {@link Telemetry#scrape()} (and 404 for
 * anything else), for roles without an HTTP API of their own: workers and PS shards. Open, no
 * authentication: bind it to an address only the scraper reaches. One daemon thread; {@link #close}
 * stops it at once.
 */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final String host;

  private MetricsServer(HttpServer server, ExecutorService executor, String host) {
    this.server = server;
    this.executor = executor;
    this.host = host;
  }

  /** Listens on {@code host:port} (port 0: a free one, see {@link #port()}). */
  public static MetricsServer start(String host, int port) {
    if (port < 0 || port > 65535) {
      throw new dev.trainyard.common.InvalidInputException("--metrics-port must be between 0 and 65535, was " + port);
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    ExecutorService executor = Executors.newSingleThreadExecutor(dev.trainyard.common.Executors2.daemonFactory("metrics-http"));
    server.setExecutor(executor);
    server.createContext("/", MetricsServer::handle);
    server.start();
    return new MetricsServer(server, executor, host);
  }

  private static void handle(HttpExchange ex) throws IOException {
    try (ex) {
      boolean metrics = ex.getRequestURI().getPath().equals("/metrics");
      boolean get = ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD");
      byte[] body = (metrics && get ? Telemetry.scrape() : metrics ? "use GET\n" : "not found: try /metrics\n")
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", metrics && get ? Telemetry.CONTENT_TYPE : "text/plain; charset=utf-8");
      int status = metrics && get ? 200 : metrics ? 405 : 404;
      boolean head = ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(status, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://HOST:PORT/metrics}. */
  public String url() {
    return "http://" + host + ":" + port() + "/metrics";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
