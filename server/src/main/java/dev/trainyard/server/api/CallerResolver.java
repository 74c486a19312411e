package dev.trainyard.server.api;

import io.javalin.http.Context;

/**
 * The one place that decides who a request comes from ({@link Authenticator} in production). Throws
 * {@link dev.trainyard.server.auth.AuthException} (401/403) when the request carries no valid
 * identity. Thread-safe.
 */
@FunctionalInterface
public interface CallerResolver {
  Caller resolve(Context ctx);
}
