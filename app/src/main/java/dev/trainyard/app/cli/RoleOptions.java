package dev.trainyard.app.cli;

import java.util.concurrent.CountDownLatch;

/** Shared by the long-running role commands: block until SIGTERM/Ctrl-C, closing the role first. */
final class RoleOptions {
  private RoleOptions() {}

  /** Closes {@code role} on SIGTERM/SIGINT (via a shutdown hook) and returns once it is closed. */
  static void runUntilSignalled(AutoCloseable role, String name) throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        role.close();
      } catch (Exception e) {
        System.err.println(name + ": error while stopping: " + e);
      } finally {
        closed.countDown();
      }
    }, name + "-shutdown"));
    closed.await();
  }
}
