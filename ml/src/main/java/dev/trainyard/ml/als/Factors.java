package dev.trainyard.ml.als;

import dev.trainyard.common.InvalidInputException;
import java.util.Objects;

/**
 * One side's parameters as a half-step reads or writes them: {@code rows x rank} factors,
 * row-major in {@code values}, and one bias per row in {@code biases}, or {@code null} when the
 * model has no bias terms. A mutable working buffer: arrays are shared, not copied; not
 * thread-safe beyond what {@link AlsHalfStep} documents.
 */
public record Factors(int rank, float[] values, float[] biases) {
  public Factors {
    Objects.requireNonNull(values, "values");
    if (rank < 1) {
      throw new InvalidInputException("rank must be >= 1, was " + rank);
    }
    if (values.length % rank != 0) {
      throw new InvalidInputException("values must hold rows x rank entries, " + values.length
          + " is not a multiple of rank " + rank);
    }
    if (biases != null && biases.length != values.length / rank) {
      throw new InvalidInputException("biases must hold one entry per row (" + values.length / rank
          + "), was " + biases.length);
    }
  }

  /** Zero factors (and zero biases when {@code withBiases}) for {@code rows} rows. */
  public static Factors zeros(int rows, int rank, boolean withBiases) {
    return new Factors(rank, new float[Math.multiplyExact(rows, rank)], withBiases ? new float[rows] : null);
  }

  public int rows() {
    return values.length / rank;
  }

  public boolean hasBiases() {
    return biases != null;
  }
}
