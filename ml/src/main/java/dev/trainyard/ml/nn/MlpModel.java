package dev.trainyard.ml.nn;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.model.Model;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.model.Task;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * A trained multi-layer perceptron classifier: {@code P(c | x) = softmax(z_{L+1})_c} with hidden
 * layers {@code a_l = f(W_l a_{l-1} + b_l)} (no dropout at prediction time: inverted dropout already
 * scaled the training activations). Parameters are one flat vector laid out by {@link MlpLayout}.
 * Immutable and thread-safe.
 */
public final class MlpModel implements Model {
  /** The binary format id of {@link #writeBody}. */
  public static final String FORMAT_ID = "mlp/1";
  /** Largest layer count a model file may declare. */
  private static final int MAX_LAYERS = 1000;

  private final MlpLayout layout;
  private final Activation activation;
  private final float[] params;
  private final Provenance provenance;

  /** A model with {@code params} (copied) laid out by {@code layout}. */
  public MlpModel(MlpLayout layout, Activation activation, float[] params, Provenance provenance) {
    this.layout = Objects.requireNonNull(layout, "layout");
    this.activation = Objects.requireNonNull(activation, "activation");
    this.provenance = Objects.requireNonNull(provenance, "provenance");
    Objects.requireNonNull(params, "params");
    if (params.length != layout.paramCount()) {
      throw new InvalidInputException(layout + " needs " + layout.paramCount() + " parameters, got " + params.length);
    }
    this.params = params.clone();
  }

  public MlpLayout layout() {
    return layout;
  }

  public Activation activation() {
    return activation;
  }

  /** A copy of the flat parameter vector. */
  public float[] params() {
    return params.clone();
  }

  @Override
  public Task task() {
    return Task.CLASSIFICATION;
  }

  @Override
  public int numFeatures() {
    return layout.inputs();
  }

  @Override
  public int numClasses() {
    return layout.outputs();
  }

  @Override
  public void predict(float[] x, double[] out) {
    if (x.length < layout.inputs()) {
      throw new IllegalArgumentException("x must have " + layout.inputs() + " features, has " + x.length);
    }
    int width = layout.maxWidth();
    MlpKernel.forwardRow(layout, activation, params, x, new float[width], new float[width], out);
    double lse = MlpKernel.logSumExp(out, layout.outputs());
    for (int c = 0; c < layout.outputs(); c++) {
      out[c] = Math.exp(out[c] - lse);
    }
  }

  /** Predicts in blocks through the vectorised kernel; bit-identical to row-by-row {@link #predict}. */
  @Override
  public double[][] predictAll(FeatureMatrix x) {
    if (x.cols() != layout.inputs()) {
      throw new IllegalArgumentException("x must have " + layout.inputs() + " features, has " + x.cols());
    }
    double[][] out = new double[x.rows()][layout.outputs()];
    MlpKernel.probabilities(layout, activation, params, x.toRowMajor(), x.rows(), out, new MlpWorkspace());
    return out;
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public String formatId() {
    return FORMAT_ID;
  }

  /**
   * Body: activation id (UTF), the number of layer sizes and the sizes {@code n_0 .. n_{L+1}}
   * (ints), the parameter count (int), then the parameters' raw float bits in layout order.
   */
  @Override
  public void writeBody(DataOutput out) throws IOException {
    out.writeUTF(activation.id());
    int[] sizes = layout.sizes();
    out.writeInt(sizes.length);
    for (int s : sizes) {
      out.writeInt(s);
    }
    out.writeInt(params.length);
    for (float p : params) {
      out.writeInt(Float.floatToRawIntBits(p));
    }
  }

  /** Reads a body written by {@link #writeBody}; the result equals the written model bit for bit. */
  public static MlpModel readBody(DataInput in, Provenance provenance) throws IOException {
    Activation activation = Activation.fromId(in.readUTF());
    int count = in.readInt();
    if (count < 2 || count > MAX_LAYERS) {
      throw new InvalidInputException("corrupt " + FORMAT_ID + " body: " + count + " layer sizes");
    }
    int[] sizes = new int[count];
    for (int i = 0; i < count; i++) {
      sizes[i] = in.readInt();
    }
    MlpLayout layout = MlpLayout.ofSizes(sizes);
    int n = in.readInt();
    if (n != layout.paramCount()) {
      throw new InvalidInputException("corrupt " + FORMAT_ID + " body: " + n + " parameters for " + layout);
    }
    float[] params = new float[n];
    for (int i = 0; i < n; i++) {
      params[i] = Float.intBitsToFloat(in.readInt());
    }
    return new MlpModel(layout, activation, params, provenance);
  }

  @Override
  public String toString() {
    return "MlpModel[" + activation.id() + ", " + layout + "]";
  }
}
