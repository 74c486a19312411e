package dev.trainyard.ps.train;

import dev.trainyard.rpc.v1.Consistency;
import java.util.List;
import java.util.Optional;

/** Creates the shared vectors of a job on the parameter server. */
@FunctionalInterface
public interface VectorFactory {
  /**
   * A vector made of consecutive segments, each initialised on the server (zeros, or seeded
   * normal values with the segment's scale).
   *
   * @param name unique within the job, e.g. {@code weights}
   * @param rule the update the server applies on push
   * @param workers how many workers take part (for the consistency model's clocks)
   */
  SharedVector create(String name, List<Segment> segments, UpdateRule rule, int workers);

  /**
   * The consistency model of the vectors this factory creates, when it knows it; empty for a
   * factory that cannot tell (e.g. a wrapper), which trainers treat as "as configured".
   */
  default Optional<Consistency> consistency() {
    return Optional.empty();
  }

  /** {@code length} parameters starting at zero ({@code normalScale == 0}) or drawn from N(0, scale²). */
  record Segment(int length, double normalScale, long seed) {
    public Segment {
      if (length < 1) {
        throw new IllegalArgumentException("segment length must be >= 1, was " + length);
      }
    }

    public static Segment zeros(int length) {
      return new Segment(length, 0, 0);
    }
  }
}
