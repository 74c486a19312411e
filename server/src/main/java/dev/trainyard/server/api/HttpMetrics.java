package dev.trainyard.server.api;

import dev.trainyard.common.metrics.Telemetry;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The coordinator's {@code GET /metrics} (the process's meters in the Prometheus text format; public,
 * like {@code /healthz}: it says how busy the platform is, never whose data) and the meter of every
 * HTTP request, recorded once the answer is sent: the timer {@code trainyard_http_requests_seconds}
 * tagged {@code method}, {@code route} (the matched route's template, so ids do not multiply series;
 * {@code unmatched} for the rest) and {@code status}.
 */
final class HttpMetrics {
  static final String PATH = "/metrics";

  private HttpMetrics() {}

  static void register(JavalinConfig cfg) {
    cfg.routes.get(PATH, ctx -> ctx.contentType(Telemetry.CONTENT_TYPE).result(Telemetry.scrape()));
    cfg.requestLogger.http(HttpMetrics::record);
  }

  private static void record(Context ctx, Float millis) {
    Timer.builder("trainyard.http.requests").description("HTTP requests answered by the API and the web UI")
        .tags("method", ctx.method().name(), "route", route(ctx), "status", Integer.toString(ctx.statusCode()))
        .register(Telemetry.registry())
        .record(Duration.ofNanos((long) (millis * 1_000_000.0)));
  }

  private static String route(Context ctx) {
    Endpoint e = ctx.endpoints().matchedHttpEndpoint();
    return e == null || e.path.equals("*") ? "unmatched" : e.path;
  }
}
