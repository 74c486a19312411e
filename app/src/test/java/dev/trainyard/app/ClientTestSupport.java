package dev.trainyard.app;

import dev.trainyard.server.api.ApiFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** Helpers for the client commands' tests: a CLI run in the background, and waiting for a condition. */
final class ClientTestSupport {
  private ClientTestSupport() {}

  /** Runs the CLI on another thread (its output is captured as in {@link CliRun}). */
  static CompletableFuture<CliRun> inBackground(String... args) {
    return CompletableFuture.supplyAsync(() -> CliRun.of(args));
  }

  /** Waits until {@code condition} holds, failing after 20 s. */
  static void await(BooleanSupplier condition, String what) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  /** Waits until the CLI follows the job's event stream. */
  static void awaitFollower(ApiFixture api) {
    await(() -> api.server.openEventStreams() == 1, "the CLI follows the job's events");
  }

  /** A loopback port nothing listens on (it was free a moment ago). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
