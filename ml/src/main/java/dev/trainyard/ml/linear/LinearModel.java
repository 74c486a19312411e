package dev.trainyard.ml.linear;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.model.Model;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.model.Task;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * A trained linear model: {@code k} rows of {@code d} weights and a bias (layout of
 * {@link LinearGradients}). Logistic predicts {@code [1 - p, p]} with {@code p = sigmoid(w.x + b)},
 * softmax predicts {@code softmax(W x + b)}, linear predicts {@code w.x + b}. Immutable and
 * thread-safe.
 */
public final class LinearModel implements Model {
  /** The binary format id of {@link #writeBody}. */
  public static final String FORMAT_ID = "linear/1";

  private final Objective objective;
  private final int numFeatures;
  private final int numClasses;
  private final float[] weights;
  private final Provenance provenance;

  /**
   * A model over {@code numFeatures} features; {@code numClasses} is 2 for logistic, the class count
   * for softmax and 0 for linear. {@code weights} (copied) has {@code outputs * (numFeatures + 1)}
   * entries.
   */
  public LinearModel(Objective objective, int numFeatures, int numClasses, float[] weights, Provenance provenance) {
    this.objective = Objects.requireNonNull(objective, "objective");
    this.provenance = Objects.requireNonNull(provenance, "provenance");
    Objects.requireNonNull(weights, "weights");
    if (numFeatures < 0) {
      throw new InvalidInputException("numFeatures must be >= 0, was " + numFeatures);
    }
    int expectedClasses = objective == Objective.LOGISTIC ? 2 : objective == Objective.LINEAR ? 0 : numClasses;
    if (numClasses != expectedClasses || (objective == Objective.SOFTMAX && numClasses < 2)) {
      throw new InvalidInputException(
          "numClasses must be " + (objective == Objective.SOFTMAX ? "at least 2" : expectedClasses)
              + " for " + objective.id() + ", was " + numClasses);
    }
    long size = (long) objective.outputs(numClasses) * (numFeatures + 1);
    if (weights.length != size) {
      throw new InvalidInputException(
          objective.id() + " model with " + numFeatures + " features needs " + size + " weights, got " + weights.length);
    }
    this.numFeatures = numFeatures;
    this.numClasses = numClasses;
    this.weights = weights.clone();
  }

  public Objective objective() {
    return objective;
  }

  @Override
  public Task task() {
    return objective.task();
  }

  @Override
  public int numFeatures() {
    return numFeatures;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  /** Number of weight rows: 1, or the class count for softmax. */
  public int outputs() {
    return objective.outputs(numClasses);
  }

  /** A copy of all parameters, {@code outputs() x (numFeatures() + 1)} row-major, bias last in each row. */
  public float[] weights() {
    return weights.clone();
  }

  /** Weight of feature {@code feature} in output row {@code output}. */
  public float weight(int output, int feature) {
    Objects.checkIndex(output, outputs());
    Objects.checkIndex(feature, numFeatures);
    return weights[output * (numFeatures + 1) + feature];
  }

  /** Bias (intercept) of output row {@code output}. */
  public float bias(int output) {
    Objects.checkIndex(output, outputs());
    return weights[output * (numFeatures + 1) + numFeatures];
  }

  @Override
  public void predict(float[] x, double[] out) {
    if (x.length < numFeatures) {
      throw new IllegalArgumentException("x must have " + numFeatures + " features, has " + x.length);
    }
    switch (objective) {
      case LOGISTIC: {
        double p = LinearGradients.sigmoid(LinearGradients.dot(weights, 0, x, 0, numFeatures) + weights[numFeatures]);
        out[0] = 1 - p;
        out[1] = p;
        break;
      }
      case SOFTMAX: {
        double lse = LinearGradients.logits(weights, numFeatures, numClasses, x, 0, out);
        for (int c = 0; c < numClasses; c++) {
          out[c] = Math.exp(out[c] - lse);
        }
        break;
      }
      case LINEAR:
        out[0] = LinearGradients.dot(weights, 0, x, 0, numFeatures) + weights[numFeatures];
        break;
      default:
        throw new AssertionError(objective);
    }
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public String formatId() {
    return FORMAT_ID;
  }

  /** Body: objective id (UTF), numFeatures, numClasses, weight count (ints), then the raw float bits. */
  @Override
  public void writeBody(DataOutput out) throws IOException {
    out.writeUTF(objective.id());
    out.writeInt(numFeatures);
    out.writeInt(numClasses);
    out.writeInt(weights.length);
    for (float w : weights) {
      out.writeInt(Float.floatToRawIntBits(w));
    }
  }

  /** Reads a body written by {@link #writeBody}; the result equals the written model bit for bit. */
  public static LinearModel readBody(DataInput in, Provenance provenance) throws IOException {
    Objective objective = Objective.fromId(in.readUTF());
    int numFeatures = in.readInt();
    int numClasses = in.readInt();
    int count = in.readInt();
    long expected = (long) objective.outputs(Math.max(numClasses, 0)) * ((long) numFeatures + 1);
    if (numFeatures < 0 || numClasses < 0 || count != expected) {
      throw new InvalidInputException("corrupt " + FORMAT_ID + " body: " + count + " weights for "
          + numFeatures + " features and " + numClasses + " classes");
    }
    float[] weights = new float[count];
    for (int i = 0; i < count; i++) {
      weights[i] = Float.intBitsToFloat(in.readInt());
    }
    return new LinearModel(objective, numFeatures, numClasses, weights, provenance);
  }

  @Override
  public String toString() {
    return "LinearModel[" + objective.id() + ", " + numFeatures + " features, " + numClasses + " classes]";
  }
}
