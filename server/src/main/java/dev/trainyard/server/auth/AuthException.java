package dev.trainyard.server.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * An authentication or authorization refusal for the caller to act on: 401 (who are you?), 403 (not
 * allowed, e.g. a missing CSRF token) or 429 (too many failed logins; retry after the given time).
 */
public final class AuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final transient Optional<Duration> retryAfter;

  public AuthException(int status, String message) {
    this(status, message, Optional.empty());
  }

  public AuthException(int status, String message, Optional<Duration> retryAfter) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
