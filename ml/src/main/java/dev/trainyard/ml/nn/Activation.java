package dev.trainyard.ml.nn;

import dev.trainyard.common.InvalidInputException;
import java.util.Locale;

/** The hidden-layer non-linearity {@code h = f(z)}; both derivatives are written in terms of {@code h}. */
public enum Activation {
  /** {@code f(z) = max(z, 0)}, {@code f'(z) = [h > 0]} (0 at the kink). */
  RELU,
  /** {@code f(z) = tanh(z)}, {@code f'(z) = 1 - h^2}. */
  TANH;

  /** Lower-case id used in parameters and model files: {@code relu}, {@code tanh}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The activation with id {@code id}. */
  public static Activation fromId(String id) {
    for (Activation a : values()) {
      if (a.id().equals(id)) {
        return a;
      }
    }
    throw new InvalidInputException("activation must be one of [relu, tanh], was '" + id + "'");
  }

  float apply(float z) {
    return this == RELU ? Math.max(z, 0f) : (float) Math.tanh(z);
  }

  /** {@code f'(z)} from {@code h = f(z)}. */
  float derivative(float h) {
    return this == RELU ? (h > 0 ? 1f : 0f) : 1f - h * h;
  }
}
