package dev.trainyard.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/openapi.json}: the hand-written OpenAPI 3.0 document of the API (the resource
 * {@value #RESOURCE}), public. Once the server has started, every registered API route missing from
 * the document is logged as a warning (the test {@code OpenApiDocumentTest} fails on it), so the
 * document cannot silently fall behind the routes. Thread-safe.
 */
final class OpenApiRoutes {
  static final String PATH = "/api/v1/openapi.json";
  static final String RESOURCE = "/openapi.json";
  private static final Logger LOG = LoggerFactory.getLogger(OpenApiRoutes.class);
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private final byte[] document;

  private OpenApiRoutes(byte[] document) {
    this.document = document;
  }

  /** Serves the document and checks it against the routes once the server runs. */
  static void register(JavalinConfig cfg) {
    OpenApiRoutes r = new OpenApiRoutes(load());
    cfg.routes.get(PATH, r::serve);
    cfg.events.serverStarted(() -> {
      Set<String> missing = undocumented(registered(cfg.unsafe.internalRouter.allHttpHandlers()), parse(r.document));
      if (!missing.isEmpty()) {
        LOG.warn("routes missing from {}: {}", RESOURCE, missing);
      }
    });
  }

  private void serve(Context ctx) {
    ctx.status(200).contentType("application/json").result(document);
  }

  /** The document's bytes from the class path; fails at start-up when it is absent. */
  static byte[] load() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the resource " + RESOURCE + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  static JsonNode parse(byte[] document) {
    try {
      return ApiJson.MAPPER.readTree(document);
    } catch (IOException e) {
      throw new UncheckedIOException(RESOURCE + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** {@code "GET /api/v1/jobs/{id}"} for every operation of the document. */
  static Set<String> documented(JsonNode doc) {
    Set<String> ops = new TreeSet<>();
    for (Iterator<String> paths = doc.path("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      doc.path("paths").get(path).fieldNames().forEachRemaining(m -> {
        if (METHODS.contains(m.toUpperCase(Locale.ROOT))) {
          ops.add(m.toUpperCase(Locale.ROOT) + " " + path);
        }
      });
    }
    return ops;
  }

  /** The same form for every HTTP route of the API ({@code /api/...}, {@code /healthz}, {@code /readyz}). */
  static Set<String> registered(List<ParsedEndpoint> endpoints) {
    Set<String> ops = new TreeSet<>();
    for (ParsedEndpoint e : endpoints) {
      HandlerType method = e.endpoint.method;
      String path = e.endpoint.path;
      if (METHODS.contains(method.name()) && (path.startsWith("/api/") || path.equals("/healthz")
          || path.equals("/readyz"))) {
        // Javalin's slash-accepting <param> is {param} in OpenAPI
        ops.add(method.name() + " " + path.replace('<', '{').replace('>', '}'));
      }
    }
    return ops;
  }

  /** Registered operations the document lacks. */
  static Set<String> undocumented(Set<String> registered, JsonNode doc) {
    Set<String> missing = new TreeSet<>(registered);
    missing.removeAll(documented(doc));
    return missing;
  }
}
