package dev.trainyard.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Executor factories with named daemon threads, for the places that own a pool (app, servers, tests). */
public final class Executors2 {
  private Executors2() {}

  /** A fixed pool of {@code threads} daemon threads named {@code name-1..n}. */
  public static ExecutorService fixed(int threads, String name) {
    return Executors.newFixedThreadPool(threads, daemonFactory(name));
  }

  public static ThreadFactory daemonFactory(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
