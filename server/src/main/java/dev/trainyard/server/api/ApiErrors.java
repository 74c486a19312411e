package dev.trainyard.server.api;

import dev.trainyard.cluster.store.StoreUnavailableException;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates failures into JSON answers once, at the HTTP boundary (DESIGN.md §3.5): invalid input
 * 400, missing 404, store unavailable 503, framework statuses (404 no route, 405, 413) as they are,
 * and anything else 500 "internal error" with the stack trace only in the log.
 */
final class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  static void register(RoutesConfig routes) {
    routes.exception(InvalidInputException.class, (e, ctx) -> send(ctx, 400, e.getMessage(), e.details()));
    routes.exception(NotFoundException.class, (e, ctx) -> send(ctx, 404, e.getMessage(), List.of()));
    routes.exception(dev.trainyard.server.auth.AuthException.class, (e, ctx) -> {
      e.retryAfter().ifPresent(d -> ctx.header("Retry-After", Long.toString(Math.max(1, d.toSeconds()))));
      if (e.status() == 401) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"trainyard\"");
      }
      send(ctx, e.status(), e.getMessage(), List.of());
    });
    routes.exception(ApiException.class, (e, ctx) -> send(ctx, e.status(), e.getMessage(), e.details()));
    routes.exception(StoreUnavailableException.class, (e, ctx) -> {
      LOG.warn("store unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
      send(ctx, 503, "the job store is unavailable; try again shortly", List.of());
    });
    routes.exception(HttpResponseException.class, ApiErrors::frameworkStatus);
    routes.exception(Exception.class, (e, ctx) -> {
      LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
      send(ctx, 500, "internal error", List.of());
    });
  }

  private static void frameworkStatus(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    String message = switch (status) {
      case 404 -> "no such endpoint: " + ctx.method() + " " + ctx.path();
      case 405 -> "method " + ctx.method() + " is not allowed on " + ctx.path();
      case 413 -> "request body is too large";
      default -> e.getMessage() == null || e.getMessage().isBlank() ? "request failed" : e.getMessage();
    };
    send(ctx, status, message, List.of());
  }

  /** Answers with {@code {"error": message, "details": [...]}}. */
  static void send(Context ctx, int status, String message, List<String> details) {
    ctx.status(status).contentType("application/json")
        .result(ApiJson.write(ApiJson.error(message == null ? "error" : message, details)));
  }
}
