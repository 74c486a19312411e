package dev.trainyard.ml.linear;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.model.Task;
import java.util.Locale;

/** Which linear model: binary logistic regression, multinomial (softmax) regression or least squares. */
public enum Objective {
  /** Two classes; one weight row, {@code P(class 1) = sigmoid(w.x + b)}. */
  LOGISTIC,
  /** {@code k >= 2} classes; {@code k} weight rows, {@code P(c) = softmax(W x + b)_c}. */
  SOFTMAX,
  /** Regression on {@code 0.5 * (w.x + b - y)^2}; one weight row. */
  LINEAR;

  /** Lower-case id used in provenance and job configs: {@code logistic}, {@code softmax}, {@code linear}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Task task() {
    return this == LINEAR ? Task.REGRESSION : Task.CLASSIFICATION;
  }

  /** Number of weight rows ({@code d} weights and one bias each) for {@code numClasses} classes. */
  public int outputs(int numClasses) {
    return this == SOFTMAX ? numClasses : 1;
  }

  /** The objective with id {@code id}. */
  public static Objective fromId(String id) {
    for (Objective o : values()) {
      if (o.id().equals(id)) {
        return o;
      }
    }
    throw new InvalidInputException("objective must be one of [logistic, softmax, linear], was '" + id + "'");
  }
}
