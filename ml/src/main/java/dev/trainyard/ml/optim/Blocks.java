package dev.trainyard.ml.optim;

import dev.trainyard.common.InvalidInputException;
import java.util.Objects;

/** Argument checks and the L1 proximal operator shared by the optimizers. */
final class Blocks {
  private Blocks() {}

  static void checkBlock(
      OptimizerState state, int slots, float[] params, int offset, float[] grad, int gradOffset, int length, long step) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(grad, "grad");
    if (state.slotCount() != slots) {
      throw new IllegalArgumentException("state must have " + slots + " slots, has " + state.slotCount());
    }
    Objects.checkFromIndexSize(offset, length, params.length);
    Objects.checkFromIndexSize(offset, length, state.size());
    Objects.checkFromIndexSize(gradOffset, length, grad.length);
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, was " + step);
    }
  }

  static double checkL1(double l1) {
    if (!(l1 >= 0 && l1 < Double.POSITIVE_INFINITY)) {
      throw new InvalidInputException("l1 must be >= 0 and finite, was " + l1);
    }
    return l1;
  }

  /** prox of {@code tau * |w|}: shrinks {@code w} towards 0 by {@code tau}, stopping at exactly 0. */
  static float softThreshold(float w, float tau) {
    if (w > tau) {
      return w - tau;
    }
    if (w < -tau) {
      return w + tau;
    }
    return 0f;
  }
}
