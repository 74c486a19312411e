package dev.trainyard.ps.train;

/** Creates the shared vectors of a job on the parameter server (zeros, or seeded values given). */
@FunctionalInterface
public interface VectorFactory {
  /**
   * @param name unique within the job, e.g. {@code weights}
   * @param initial the starting values (its length is the vector's length)
   * @param rule the update the server applies on push
   * @param workers how many workers take part (for the consistency model's clocks)
   */
  SharedVector create(String name, float[] initial, UpdateRule rule, int workers);
}
