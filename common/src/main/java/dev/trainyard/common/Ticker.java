package dev.trainyard.common;

/**
 * A source of elapsed time in nanoseconds, injected wherever logic measures durations so that tests
 * can drive time themselves (DESIGN.md §3.8).
 */
@FunctionalInterface
public interface Ticker {
  Ticker SYSTEM = System::nanoTime;

  long nanos();
}
