package dev.trainyard.server.api;

import io.javalin.http.Context;

/**
 * The one place that decides who a request comes from; swap it for real authentication. Throws
 * {@link dev.trainyard.common.InvalidInputException} for a malformed identity. Thread-safe.
 */
@FunctionalInterface
public interface CallerResolver {
  /** The request header that names the user until real authentication exists. */
  String USER_HEADER = "X-Trainyard-User";

  /** Trusts the {@value #USER_HEADER} header, {@code local} when it is absent. */
  CallerResolver HEADER = ctx -> {
    String user = ctx.header(USER_HEADER);
    return new Caller(user == null ? "local" : user);
  };

  Caller resolve(Context ctx);
}
