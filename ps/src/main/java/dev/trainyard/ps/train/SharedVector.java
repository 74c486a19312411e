package dev.trainyard.ps.train;

/**
 * A flat parameter vector held on parameter-server shards, as the workers of one job see it. The
 * server applies the optimizer on push; pulls wait as the consistency model says. Thread-safe: each
 * worker calls with its own id.
 */
public interface SharedVector extends AutoCloseable {
  int length();

  /**
   * Copies the current values into {@code out}. Under BSP and SSP this blocks until the slowest
   * worker is within the staleness bound of {@code worker}'s clock.
   */
  void pull(int worker, float[] out);

  /** Sends the gradient of one step (same layout as the vector); the server applies its optimizer. */
  void push(int worker, float[] gradient);

  /** Advances {@code worker}'s clock by one step. */
  void clock(int worker);

  /** Drops the vector from the servers. */
  @Override
  void close();
}
