package dev.trainyard.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing: after {@code maxPerUser} failed logins for one user name, or
 * {@code maxPerAddress} from one client address, within {@code window}, further attempts are refused
 * until the oldest failure leaves the window. A success clears the user's failures. Thread-safe.
 */
final class LoginLimiter {
  /** Keys kept at most; past it, the oldest keys are forgotten (bounded memory under a spray of names). */
  private static final int MAX_KEYS = 100_000;

  private final Clock clock;
  private final Duration window;
  private final int maxPerUser;
  private final int maxPerAddress;
  // @GuardedBy("this")
  private final Map<String, Deque<Instant>> failures = new HashMap<>();

  LoginLimiter(Clock clock, Duration window, int maxPerUser, int maxPerAddress) {
    this.clock = clock;
    this.window = window;
    this.maxPerUser = maxPerUser;
    this.maxPerAddress = maxPerAddress;
  }

  /** How long the caller must wait before trying again, if it must. */
  synchronized Optional<Duration> blocked(String user, String address) {
    Instant now = clock.instant();
    Optional<Duration> u = wait("u:" + user, maxPerUser, now);
    Optional<Duration> a = wait("a:" + address, maxPerAddress, now);
    if (u.isPresent() && a.isPresent()) {
      return u.get().compareTo(a.get()) > 0 ? u : a;
    }
    return u.isPresent() ? u : a;
  }

  synchronized void failed(String user, String address) {
    Instant now = clock.instant();
    if (failures.size() >= MAX_KEYS) {
      failures.clear();
    }
    failures.computeIfAbsent("u:" + user, k -> new ArrayDeque<>()).addLast(now);
    failures.computeIfAbsent("a:" + address, k -> new ArrayDeque<>()).addLast(now);
  }

  synchronized void succeeded(String user) {
    failures.remove("u:" + user);
  }

  private Optional<Duration> wait(String key, int max, Instant now) {
    Deque<Instant> d = failures.get(key);
    if (d == null) {
      return Optional.empty();
    }
    Instant cutoff = now.minus(window);
    while (!d.isEmpty() && !d.peekFirst().isAfter(cutoff)) {
      d.removeFirst();
    }
    if (d.isEmpty()) {
      failures.remove(key);
      return Optional.empty();
    }
    if (d.size() < max) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(cutoff, d.peekFirst()).plusSeconds(1));
  }
}
