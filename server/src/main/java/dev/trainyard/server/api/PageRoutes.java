package dev.trainyard.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.ml.param.ParamSpec;
import dev.trainyard.ml.pipeline.AlgorithmSpec;
import dev.trainyard.ml.pipeline.Algorithms;
import dev.trainyard.ps.train.PsTrainerSource;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web UI: static pages and plain JavaScript from the classpath folder {@code web/} (scripts and
 * styles at {@code /static/}, Chart.js at {@code /webjars/}), talking to the same {@code /api/v1}
 * as the CLI. Every page but {@code /login} needs a login session; without one the browser is sent
 * to {@code /login?next=<this page>} (a local path only). {@code /admin} answers 403 to non-admins.
 * Pages carry no data: what they show comes from the API, under its access rules. Thread-safe.
 */
public final class PageRoutes {
  static final String LOGIN = "/login";
  private static final String WEB = "/web";
  /** A safe place to return to after login: one leading slash, then no slash or backslash, no controls. */
  private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[^\\p{Cntrl}]*");

  private final Authenticator auth;
  private final Map<String, byte[]> pages = new LinkedHashMap<>();
  private final byte[] algorithms;

  private PageRoutes(Authenticator auth) {
    this.auth = auth;
    for (String f : new String[] {"login", "index", "datasets", "dataset", "jobs", "job-new", "job", "models", "model",
        "account", "admin", "forbidden"}) {
      pages.put(f, resource(WEB + "/" + f + ".html"));
    }
    this.algorithms = ApiJson.write(algorithmsJson()).getBytes(StandardCharsets.UTF_8);
  }

  /** Adds the static files, the webjars and the page routes to a Javalin configuration. */
  public static void register(JavalinConfig cfg, ApiConfig c) {
    PageRoutes p = new PageRoutes(c.auth());
    cfg.staticFiles.enableWebjars();
    cfg.staticFiles.add(sf -> {
      sf.hostedPath = "/static";
      sf.directory = WEB;
      sf.location = Location.CLASSPATH;
      // pages are served by their routes (with the login check), never as files
      sf.skipFileFunction = req -> req.getRequestURI().toLowerCase(Locale.ROOT).endsWith(".html");
    });
    cfg.routes.get(LOGIN, ctx -> p.send(ctx, 200, "login"));
    p.page(cfg, "/", "index");
    p.page(cfg, "/datasets", "datasets");
    p.page(cfg, "/datasets/{id}", "dataset");
    p.page(cfg, "/jobs", "jobs");
    p.page(cfg, "/jobs/new", "job-new"); // before /jobs/{id}: the first matching route wins
    p.page(cfg, "/jobs/{id}", "job");
    p.page(cfg, "/models", "models");
    p.page(cfg, "/models/{id}", "model");
    p.page(cfg, "/account", "account");
    cfg.routes.get("/admin", ctx -> p.loggedIn(ctx).ifPresent(caller ->
        p.send(ctx, caller.isAdmin() ? 200 : 403, caller.isAdmin() ? "admin" : "forbidden")));
    // the algorithms and their parameters for the new-job form (the list `trainyard algorithms` prints)
    cfg.routes.get("/ui/algorithms.json", ctx -> {
      c.auth().resolve(ctx);
      ctx.status(200).contentType("application/json").header("Cache-Control", "no-cache").result(p.algorithms);
    });
  }

  private void page(JavalinConfig cfg, String path, String file) {
    cfg.routes.get(path, ctx -> loggedIn(ctx).ifPresent(caller -> send(ctx, 200, file)));
  }

  /** The session's caller, or empty after redirecting the browser to the login page. */
  private Optional<Caller> loggedIn(Context ctx) {
    Optional<Caller> caller = auth.sessionCaller(ctx);
    if (caller.isEmpty()) {
      String q = ctx.queryString();
      String next = localPath(ctx.path() + (q == null || q.isEmpty() ? "" : "?" + q));
      ctx.header("Cache-Control", "no-store");
      ctx.redirect(LOGIN + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), HttpStatus.FOUND);
    }
    return caller;
  }

  private void send(Context ctx, int status, String page) {
    ctx.status(status).contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache")
        .result(pages.get(page));
  }

  /** {@code path} if it is a path on this site, else {@code /}: a login never redirects elsewhere. */
  static String localPath(String path) {
    return path != null && LOCAL_PATH.matcher(path).matches() ? path : "/";
  }

  private static byte[] resource(String name) {
    try (InputStream in = PageRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the web UI resource " + name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the web UI resource " + name, e);
    }
  }

  /** {@code [{name, task, description, ps, params: [{name, kind, default, min, max, choices, description}]}]}. */
  static ArrayNode algorithmsJson() {
    ArrayNode arr = ApiJson.MAPPER.createArrayNode();
    for (AlgorithmSpec a : Algorithms.all()) {
      ObjectNode n = arr.addObject();
      n.put("name", a.name());
      n.put("task", a.taskRule().name().toLowerCase(Locale.ROOT));
      n.put("description", a.description());
      n.put("ps", PsTrainerSource.SUPPORTED.contains(a.name()));
      ArrayNode params = n.putArray("params");
      for (ParamSpec p : a.params()) {
        ObjectNode pn = params.addObject();
        pn.put("name", p.name());
        pn.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
        pn.put("default", p.defaultValue());
        switch (p.kind()) {
          case INT, INT_LIST -> pn.put("min", (long) p.min()).put("max", (long) p.max());
          case DOUBLE -> pn.put("min", p.min()).put("max", p.max());
          default -> { }
        }
        ArrayNode choices = pn.putArray("choices");
        p.choices().forEach(choices::add);
        pn.put("description", p.description());
      }
    }
    return arr;
  }
}
