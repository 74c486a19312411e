package dev.trainyard.ps.train;

import dev.trainyard.ml.als.Factors;
import dev.trainyard.ml.als.RatingBlock;
import java.util.Arrays;
import java.util.List;

/**
 * One side of an ALS model (users or items) as a {@link SharedVector}: {@code rows x rank} factors,
 * row-major, followed by one bias per row when the model has biases. The vector's server rule must
 * be plain SGD with learning rate 1 and a constant schedule, which turns a push into an assignment:
 * pushing {@code g = old - new} leaves {@code old - 1 * (old - new) = new} on the server, and a zero
 * entry leaves its value as it was. Each row has exactly one writer (the worker that owns its
 * block), so {@code old} is what that worker last pulled or assigned. The assignment is exact up to
 * float rounding ({@code fl(old - fl(old - new))} may differ from {@code new} in the last bit when
 * old and new differ by more than a factor of two); it is deterministic, so BSP runs reproduce.
 * Not thread-safe: each worker uses its own instance over the shared vector.
 */
final class FactorVector {
  private final SharedVector vector;
  private final int worker;
  private final int rank;
  private final int rows;
  private final boolean biases;
  private final float[] transfer;

  FactorVector(SharedVector vector, int worker, int rows, int rank, boolean biases) {
    if (vector.length() != length(rows, rank, biases)) {
      throw new IllegalArgumentException("vector must hold " + length(rows, rank, biases) + " floats, has "
          + vector.length());
    }
    this.vector = vector;
    this.worker = worker;
    this.rank = rank;
    this.rows = rows;
    this.biases = biases;
    this.transfer = new float[vector.length()];
  }

  /** Floats a side of {@code rows} rows needs. */
  static int length(int rows, int rank, boolean biases) {
    return Math.addExact(Math.multiplyExact(rows, rank), biases ? rows : 0);
  }

  /** The server-side layout: factors then biases, all starting at zero. */
  static List<VectorFactory.Segment> segments(int rows, int rank, boolean biases) {
    VectorFactory.Segment factors = VectorFactory.Segment.zeros(Math.multiplyExact(rows, rank));
    return biases ? List.of(factors, VectorFactory.Segment.zeros(rows)) : List.of(factors);
  }

  /** Copies the server's values into {@code into} (blocks under BSP until every worker has clocked). */
  void pull(Factors into) {
    vector.pull(worker, transfer);
    int n = rows * rank;
    System.arraycopy(transfer, 0, into.values(), 0, n);
    if (biases) {
      System.arraycopy(transfer, n, into.biases(), 0, rows);
    }
  }

  /**
   * Makes the server hold {@code fresh} for every row of {@code owned} blocks and leaves the other
   * rows alone, then advances this worker's clock. {@code old} must hold the server's current
   * values of the owned rows.
   */
  void assign(Factors old, Factors fresh, List<RatingBlock> owned) {
    Arrays.fill(transfer, 0f);
    float[] ov = old.values();
    float[] fv = fresh.values();
    int biasBase = rows * rank;
    for (RatingBlock b : owned) {
      int from = b.first();
      int to = from + b.rows();
      for (int k = from * rank; k < to * rank; k++) {
        transfer[k] = ov[k] - fv[k];
      }
      if (biases) {
        for (int r = from; r < to; r++) {
          transfer[biasBase + r] = old.biases()[r] - fresh.biases()[r];
        }
      }
    }
    vector.push(worker, transfer);
    vector.clock(worker);
  }
}
