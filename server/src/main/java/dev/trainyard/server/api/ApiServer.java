package dev.trainyard.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.cluster.store.JobQuery;
import dev.trainyard.cluster.store.JobStore;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's HTTP API: health and readiness, datasets, jobs, results, metrics, live job
 * events (SSE) and cluster status under {@code /api/v1}, all answers JSON (see {@link ApiErrors}).
 * {@link #start} returns once the server listens; {@link #stop} ends event streams, then lets
 * in-flight requests finish. Thread-safe.
 */
public final class ApiServer {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final int EVENT_THREADS = 2;
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SHUTDOWN_IDLE_TIMEOUT = Duration.ofMillis(100);
  /** The API paths open without logging in. */
  static final java.util.Set<String> PUBLIC_API = java.util.Set.of("/api/v1/auth/login", "/api/v1/auth/logout",
      "/api/v1/openapi.json");

  private final Javalin app;
  private final EventStreams events;

  private ApiServer(Javalin app, EventStreams events) {
    this.app = app;
    this.events = events;
  }

  /** Starts listening on {@code c.host():c.port()} (port 0: a free one, see {@link #port()}). */
  public static ApiServer start(ApiConfig c) {
    Objects.requireNonNull(c, "config");
    EventStreams events = new EventStreams(c.store(), c.eventPollInterval(), c.heartbeatInterval(), EVENT_THREADS);
    Javalin app = Javalin.create(cfg -> configure(cfg, c, events));
    try {
      app.start(c.host(), c.port());
    } catch (RuntimeException e) {
      events.close();
      throw e;
    }
    for (Connector connector : app.jettyServer().server().getConnectors()) {
      if (connector instanceof AbstractConnector ac) {
        // on stop, close idle keep-alive connections at once instead of after Jetty's default second
        ac.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT.toMillis());
      }
    }
    LOG.info("HTTP API listening on {}:{}", c.host(), app.port());
    return new ApiServer(app, events);
  }

  private static void configure(JavalinConfig cfg, ApiConfig c, EventStreams events) {
    cfg.startup.showJavalinBanner = false;
    cfg.startup.showOldJavalinVersionWarning = false;
    cfg.http.prefer405over404 = true;
    cfg.http.defaultContentType = "application/json";
    // SSE must reach the client as written; JSON answers are small
    cfg.http.compressionStrategy = CompressionStrategy.NONE;
    cfg.router.ignoreTrailingSlashes = true;
    cfg.jetty.modifyServer(server -> {
      // Javalin attaches its servlet context inside this wrapper, so stop() lets in-flight requests finish
      server.setHandler(new GracefulHandler());
      server.setStopTimeout(STOP_TIMEOUT.toMillis());
      server.setErrorHandler(new JsonErrorHandler());
    });
    cfg.jetty.multipartConfig.maxFileSize(c.maxUploadBytes(), SizeUnit.BYTES);
    cfg.jetty.multipartConfig.maxTotalRequestSize(c.maxUploadBytes() + (1 << 20), SizeUnit.BYTES);
    // parts spill to disk past this size, so a multipart upload is never held in memory
    cfg.jetty.multipartConfig.maxInMemoryFileSize(64, SizeUnit.KB);
    ApiErrors.register(cfg.routes);
    cfg.routes.before(ctx -> securityHeaders(ctx));
    // nothing under /api/v1 is open without an identity, not even a route that does not exist
    cfg.routes.before("/api/v1/*", ctx -> {
      if (!PUBLIC_API.contains(ctx.path())) {
        c.auth().resolve(ctx);
      }
    });
    cfg.routes.get("/healthz", ctx -> status(ctx, 200, "ok"));
    cfg.routes.get("/readyz", ctx -> ready(ctx, c.store()));
    HttpMetrics.register(cfg); // GET /metrics (public, Prometheus text) and the meter of every request
    cfg.routes.get("/api/v1/cluster", ctx -> cluster(ctx, c));
    new AuthRoutes(c).register(cfg.routes);
    new ShareRoutes(c).register(cfg.routes);
    new DatasetRoutes(c).register(cfg.routes);
    new DatasetInfoRoutes(c).register(cfg.routes);
    new ModelRoutes(c).register(cfg.routes);
    OpenApiRoutes.register(cfg);
    JobRoutes jobs = new JobRoutes(c);
    jobs.register(cfg.routes);
    cfg.routes.get("/api/v1/jobs/{id}/events", ctx -> events.stream(ctx, jobs.ownedJob(ctx)));
    PageRoutes.register(cfg, c); // the web UI: pages, /static/, /webjars/
  }

  private static void ready(Context ctx, JobStore store) {
    try {
      store.jobs(new JobQuery(Optional.empty(), Optional.empty(), 1, 0));
      status(ctx, 200, "ready");
    } catch (RuntimeException e) {
      LOG.warn("not ready: the store does not answer: {}", e.toString());
      ObjectNode n = ApiJson.MAPPER.createObjectNode();
      n.put("status", "unavailable");
      n.put("error", "the job store does not answer");
      JobRoutes.json(ctx, 503, n);
    }
  }

  /** Pages and API answers are never framed, sniffed or allowed scripts from elsewhere. */
  private static void securityHeaders(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    if (ctx.path().startsWith("/api/")) {
      ctx.header("Cache-Control", "no-store");
    }
  }

  private static void cluster(Context ctx, ApiConfig c) {
    Access.requireAdmin(c.auth().resolve(ctx));
    Map<String, Object> m = c.clusterStatus().get();
    JobRoutes.json(ctx, 200, ApiJson.MAPPER.valueToTree(m == null ? Map.of() : m));
  }

  private static void status(Context ctx, int code, String status) {
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.put("status", status);
    JobRoutes.json(ctx, code, n);
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  /** How many clients follow job events right now. */
  public int openEventStreams() {
    return events.openStreams();
  }

  /** Ends open event streams, then stops Jetty gracefully; idempotent. */
  public void stop() {
    events.close();
    app.stop();
    LOG.info("HTTP API stopped");
  }
}
