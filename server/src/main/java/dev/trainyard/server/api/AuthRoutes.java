package dev.trainyard.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import dev.trainyard.server.auth.AuthService;
import dev.trainyard.server.auth.AuthService.LoginResult;
import dev.trainyard.server.auth.AuthService.NewToken;
import dev.trainyard.server.auth.AuthStore.Token;
import dev.trainyard.server.auth.AuthStore.User;
import dev.trainyard.server.auth.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Login and logout ({@code /api/v1/auth}), the caller's own password and API tokens
 * ({@code /api/v1/tokens}), and the admin's user management and audit log ({@code /api/v1/users},
 * {@code /api/v1/audit}). Thread-safe.
 */
final class AuthRoutes {
  private final Authenticator authn;
  private final AuthService auth;

  AuthRoutes(ApiConfig c) {
    this.authn = c.auth();
    this.auth = c.auth().service();
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/auth/login", this::login);
    routes.post("/api/v1/auth/logout", this::logout);
    routes.get("/api/v1/auth/me", this::me);
    routes.post("/api/v1/auth/password", this::password);
    routes.get("/api/v1/tokens", this::tokens);
    routes.post("/api/v1/tokens", this::createToken);
    routes.delete("/api/v1/tokens/{id}", this::revokeToken);
    routes.get("/api/v1/users", this::users);
    routes.post("/api/v1/users", this::createUser);
    routes.patch("/api/v1/users/{name}", this::updateUser);
    routes.get("/api/v1/audit", this::auditLog);
  }

  private void login(Context ctx) throws IOException {
    JsonNode body = JobRoutes.readJson(ctx);
    LoginResult r = auth.login(text(body, "user", true), text(body, "password", true), ctx.ip());
    StringBuilder cookie = new StringBuilder(Authenticator.COOKIE).append('=').append(r.sessionSecret())
        .append("; Path=/; HttpOnly; SameSite=Strict; Max-Age=").append(AuthService.SESSION_TTL.toSeconds());
    if (secure(ctx)) {
      cookie.append("; Secure");
    }
    ctx.header("Set-Cookie", cookie.toString());
    ObjectNode n = whoami(r.user());
    n.put("csrf_token", r.session().csrfToken());
    n.put("expires_at", r.session().expiresAt().toString());
    JobRoutes.json(ctx, 200, n);
  }

  private static boolean secure(Context ctx) {
    return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
  }

  private void logout(Context ctx) {
    String cookie = ctx.cookie(Authenticator.COOKIE);
    if (cookie != null) {
      authn.identity(ctx); // CSRF: a cross-site page must not log the user out either
      auth.logout(cookie, ctx.ip());
    }
    ctx.header("Set-Cookie", Authenticator.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.put("status", "logged out");
    JobRoutes.json(ctx, 200, n);
  }

  private void me(Context ctx) {
    Authenticator.Identity id = authn.identity(ctx);
    ObjectNode n = whoami(id.user());
    n.put("csrf_token", id.session().map(s -> s.session().csrfToken()).orElse(null));
    n.put("via", id.session().isPresent() ? "session" : "token");
    JobRoutes.json(ctx, 200, n);
  }

  private void password(Context ctx) throws IOException {
    User u = authn.identity(ctx).user();
    JsonNode body = JobRoutes.readJson(ctx);
    auth.changePassword(u, text(body, "current", true), text(body, "new", true), ctx.ip());
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.put("status", "password changed; other sessions ended");
    JobRoutes.json(ctx, 200, n);
  }

  // --- tokens

  /** The caller's tokens; an admin may ask for one user's ({@code ?user=}) or everyone's ({@code ?scope=all}). */
  private void tokens(Context ctx) {
    Caller c = authn.resolve(ctx);
    Optional<String> user = Optional.ofNullable(ctx.queryParam("user")).filter(s -> !s.isBlank());
    boolean all = "all".equals(ctx.queryParam("scope")) && user.isEmpty();
    if (all || user.filter(u -> !c.owns(u)).isPresent()) {
      Access.requireAdmin(c);
    }
    ArrayNode arr = ApiJson.MAPPER.createArrayNode();
    auth.store().tokens(all ? Optional.empty() : Optional.of(user.orElse(c.owner()))).forEach(t -> arr.add(token(t)));
    JobRoutes.json(ctx, 200, arr);
  }

  private void createToken(Context ctx) throws IOException {
    Caller c = authn.resolve(ctx);
    JsonNode body = JobRoutes.readJson(ctx);
    JsonNode days = body.get("expires_in_days");
    if (days != null && !days.isNull() && !days.canConvertToInt()) {
      throw new InvalidInputException("expires_in_days must be a whole number of days, was " + days);
    }
    NewToken t = auth.createToken(c.owner(), text(body, "name", true),
        days == null || days.isNull() ? Optional.empty() : Optional.of(days.asInt()), c.owner(), ctx.ip());
    ObjectNode n = token(t.token());
    n.put("token", t.plaintext());
    JobRoutes.json(ctx, 201, n);
  }

  private void revokeToken(Context ctx) {
    Caller c = authn.resolve(ctx);
    String id = ctx.pathParam("id");
    Token t = auth.store().token(id).filter(x -> c.isAdmin() || c.owns(x.user()))
        .orElseThrow(() -> new NotFoundException("no token '" + id + "'"));
    auth.revokeToken(t, c.owner(), ctx.ip());
    JobRoutes.json(ctx, 200, token(auth.store().token(id).orElse(t)));
  }

  private static ObjectNode token(Token t) {
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.put("id", t.id());
    n.put("user", t.user());
    n.put("name", t.name());
    n.put("created_at", t.createdAt().toString());
    n.put("expires_at", t.expiresAt().map(Instant::toString).orElse(null));
    n.put("revoked_at", t.revokedAt().map(Instant::toString).orElse(null));
    n.put("last_used_at", t.lastUsedAt().map(Instant::toString).orElse(null));
    return n;
  }

  // --- users (admin)

  private void users(Context ctx) {
    Access.requireAdmin(authn.resolve(ctx));
    ArrayNode arr = ApiJson.MAPPER.createArrayNode();
    auth.users().forEach(u -> arr.add(user(u)));
    JobRoutes.json(ctx, 200, arr);
  }

  private void createUser(Context ctx) throws IOException {
    Caller c = authn.resolve(ctx);
    Access.requireAdmin(c);
    JsonNode body = JobRoutes.readJson(ctx);
    String name = Caller.checkName(text(body, "name", true));
    User u = auth.createUser(name, text(body, "password", true),
        Role.fromId(Optional.ofNullable(text(body, "role", false)).orElse("researcher")),
        c.owner(), ctx.ip());
    JobRoutes.json(ctx, 201, user(u));
  }

  private void updateUser(Context ctx) throws IOException {
    Caller c = authn.resolve(ctx);
    Access.requireAdmin(c);
    String name = ctx.pathParam("name");
    User u = auth.store().user(name).orElseThrow(() -> new NotFoundException("no user '" + name + "'"));
    JsonNode body = JobRoutes.readJson(ctx);
    Optional<Role> role = Optional.ofNullable(text(body, "role", false))
        .map(Role::fromId);
    JsonNode disabled = body.get("disabled");
    if (disabled != null && !disabled.isBoolean()) {
      throw new InvalidInputException("disabled must be true or false, was " + disabled);
    }
    if (c.owns(name) && (role.filter(r -> r != Role.ADMIN).isPresent()
        || (disabled != null && disabled.asBoolean()))) {
      throw new InvalidInputException("an admin cannot demote or disable their own account");
    }
    User changed = auth.updateUser(u, role, Optional.ofNullable(text(body, "password", false)),
        disabled == null ? Optional.empty() : Optional.of(disabled.asBoolean()), c.owner(), ctx.ip());
    JobRoutes.json(ctx, 200, user(changed));
  }

  private void auditLog(Context ctx) {
    Access.requireAdmin(authn.resolve(ctx));
    int limit = JobRoutes.intParam(ctx, "limit", 100, 1, 1000);
    int offset = JobRoutes.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    ArrayNode arr = ApiJson.MAPPER.createArrayNode();
    auth.store().auditLog(limit, offset).forEach(e -> {
      ObjectNode n = arr.addObject();
      n.put("id", e.id());
      n.put("at", e.at().toString());
      n.put("actor", e.actor());
      n.put("action", e.action());
      n.put("target", e.target());
      n.put("detail", e.detail());
      n.put("remote", e.remote());
    });
    JobRoutes.json(ctx, 200, arr);
  }

  private static ObjectNode whoami(User u) {
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.put("user", u.name());
    n.put("role", u.role().id());
    return n;
  }

  private static ObjectNode user(User u) {
    ObjectNode n = whoami(u);
    n.put("name", u.name());
    n.put("disabled", u.disabled());
    n.put("created_at", u.createdAt().toString());
    return n;
  }

  /** A string field of a JSON object body; InvalidInputException when required and missing or not text. */
  static String text(JsonNode body, String field, boolean required) {
    if (!body.isObject()) {
      throw new InvalidInputException("the request body must be a JSON object");
    }
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new InvalidInputException("'" + field + "' is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new InvalidInputException("'" + field + "' must be a string, was " + v.getNodeType().name().toLowerCase(
          java.util.Locale.ROOT));
    }
    return v.asText();
  }
}
