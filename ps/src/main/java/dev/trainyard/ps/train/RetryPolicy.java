package dev.trainyard.ps.train;

import dev.trainyard.common.Ticker;
import dev.trainyard.ps.client.PsException;
import io.grpc.Status;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a worker keeps retrying a PS call that failed because a shard was unreachable (killed,
 * restarting on its checkpoint), and how long it waits between tries. Time is injected: tests drive
 * the {@link Sleeper} and {@link Ticker}.
 */
public record RetryPolicy(Duration timeout, Duration backoff, Sleeper sleeper, Ticker ticker) {
  /** Waits between tries; {@link #SYSTEM} really sleeps. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
  }

  /** Fail at the first unreachable shard. */
  public static final RetryPolicy NONE = new RetryPolicy(Duration.ZERO, Duration.ZERO, d -> {}, Ticker.SYSTEM);

  public RetryPolicy {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(ticker, "ticker");
  }

  /** Retry for up to {@code timeout}, every {@code backoff}, really sleeping. */
  public static RetryPolicy of(Duration timeout, Duration backoff) {
    return new RetryPolicy(timeout, backoff, Sleeper.SYSTEM, Ticker.SYSTEM);
  }

  /** Runs {@code call}, retrying while a shard is unreachable (UNAVAILABLE) and this policy's time is not up. */
  void run(Runnable call) {
    long deadline = ticker.nanos() + timeout.toNanos();
    while (true) {
      try {
        call.run();
        return;
      } catch (PsException e) {
        if (e.code() != Status.Code.UNAVAILABLE || ticker.nanos() - deadline >= 0) {
          throw e;
        }
      }
      try {
        sleeper.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a parameter-server shard", e);
      }
    }
  }
}
