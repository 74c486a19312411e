package dev.trainyard.server.api;

import dev.trainyard.server.auth.AuthException;
import dev.trainyard.server.auth.AuthService;
import dev.trainyard.server.auth.AuthService.SessionUser;
import dev.trainyard.server.auth.AuthStore.User;
import dev.trainyard.server.auth.Secrets;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;

/**
 * Tells who a request comes from: a personal API token ({@code Authorization: Bearer ty_...}) or a
 * login session cookie. A request with a session cookie that changes state must also send the
 * session's CSRF token in {@value #CSRF_HEADER} (a cross-site form cannot read it); token requests
 * need none (a browser never sends tokens by itself). No identity: 401. Resolved once per request.
 * Thread-safe.
 */
public final class Authenticator implements CallerResolver {
  public static final String COOKIE = "trainyard_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  private static final String ATTRIBUTE = "trainyard.identity";
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final AuthService auth;

  /** Who made a request, and through which session (empty for a token). */
  record Identity(Caller caller, User user, Optional<SessionUser> session) {}

  public Authenticator(AuthService auth) {
    this.auth = auth;
  }

  public AuthService service() {
    return auth;
  }

  @Override
  public Caller resolve(Context ctx) {
    return identity(ctx).caller();
  }

  /** The logged-in session's caller, without CSRF checks or errors: for serving pages. */
  public Optional<Caller> sessionCaller(Context ctx) {
    return auth.session(ctx.cookie(COOKIE)).map(su -> caller(su.user()));
  }

  Identity identity(Context ctx) {
    Identity known = ctx.attribute(ATTRIBUTE);
    if (known != null) {
      return known;
    }
    Identity id = authenticate(ctx);
    ctx.attribute(ATTRIBUTE, id);
    return id;
  }

  private Identity authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header != null) {
      String h = header.strip();
      if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw new AuthException(401, "the Authorization header must be 'Bearer <token>'");
      }
      User u = auth.tokenUser(h.substring(7)).orElseThrow(() ->
          new AuthException(401, "the API token is unknown, expired or revoked"));
      return new Identity(caller(u), u, Optional.empty());
    }
    String cookie = ctx.cookie(COOKIE);
    if (cookie != null) {
      SessionUser su = auth.session(cookie).orElseThrow(() ->
          new AuthException(401, "the session has ended; log in again"));
      if (!SAFE_METHODS.contains(ctx.method().name())
          && !Secrets.same(ctx.header(CSRF_HEADER), su.session().csrfToken())) {
        throw new AuthException(403, "missing or wrong CSRF token: send the session's csrf_token in the "
            + CSRF_HEADER + " header");
      }
      return new Identity(caller(su.user()), su.user(), Optional.of(su));
    }
    throw new AuthException(401, "authentication required: log in, or send 'Authorization: Bearer <token>'");
  }

  private static Caller caller(User u) {
    return new Caller(u.name(), u.role());
  }
}
