package dev.trainyard.ml.nn;

import dev.trainyard.common.InvalidInputException;
import java.util.Arrays;
import java.util.List;

/**
 * Where every weight and bias of a perceptron lives in one flat {@code float[]}. Layer sizes are
 * {@code n_0 = inputs, n_1 .. n_L hidden, n_{L+1} = outputs}; layer {@code l} (1-based, {@code 1..L+1})
 * maps {@code n_{l-1}} inputs to {@code n_l} units and occupies one contiguous range: first its
 * weights {@code W_l}, {@code n_l} rows of {@code n_{l-1}} (row-major, row {@code o} holds unit
 * {@code o}'s input weights), then its biases {@code b_l} ({@code n_l} floats). Layers follow each
 * other in order, so the whole vector, one layer, or one layer's weights or biases are each a single
 * range a parameter-server client can pull or push. Immutable and thread-safe.
 */
public final class MlpLayout {
  /** Upper bound on the parameter count (flat Java array). */
  public static final long MAX_PARAMS = Integer.MAX_VALUE - 8;

  private final int[] sizes;
  /** {@code offsets[l-1]} is where layer l starts; {@code offsets[layers()]} is the total size. */
  private final int[] offsets;

  private MlpLayout(int[] sizes) {
    this.sizes = sizes;
    this.offsets = new int[sizes.length];
    long at = 0;
    for (int l = 1; l < sizes.length; l++) {
      offsets[l - 1] = (int) at;
      at += (long) sizes[l] * (sizes[l - 1] + 1);
      if (at > MAX_PARAMS) {
        throw new InvalidInputException("the network must have at most " + MAX_PARAMS
            + " parameters, layer sizes " + Arrays.toString(sizes) + " need more");
      }
    }
    offsets[sizes.length - 1] = (int) at;
  }

  /** A layout for {@code inputs} features, the given hidden layer sizes (may be empty) and {@code outputs} classes. */
  public static MlpLayout of(int inputs, List<Integer> hidden, int outputs) {
    int[] s = new int[hidden.size() + 2];
    s[0] = inputs;
    for (int i = 0; i < hidden.size(); i++) {
      s[i + 1] = hidden.get(i);
    }
    s[s.length - 1] = outputs;
    return ofSizes(s);
  }

  /** A layout from all layer sizes {@code n_0 .. n_{L+1}} (at least 2 of them). */
  public static MlpLayout ofSizes(int... sizes) {
    if (sizes.length < 2) {
      throw new InvalidInputException("a network needs at least an input and an output size, was "
          + Arrays.toString(sizes));
    }
    if (sizes[0] < 1 || sizes[sizes.length - 1] < 2) {
      throw new InvalidInputException("a network needs at least 1 input and 2 outputs, was "
          + Arrays.toString(sizes));
    }
    for (int l = 1; l < sizes.length - 1; l++) {
      if (sizes[l] < 1) {
        throw new InvalidInputException("hidden layer sizes must be at least 1, was " + sizes[l]);
      }
    }
    return new MlpLayout(sizes.clone());
  }

  /** Number of weight layers {@code L + 1} (hidden layers plus the output layer). */
  public int layers() {
    return sizes.length - 1;
  }

  /** Width {@code n_l} for {@code l} in {@code 0..layers()}: 0 is the input, {@code layers()} the output. */
  public int size(int l) {
    return sizes[l];
  }

  /** All widths {@code n_0 .. n_{L+1}} (a copy). */
  public int[] sizes() {
    return sizes.clone();
  }

  public int inputs() {
    return sizes[0];
  }

  public int outputs() {
    return sizes[sizes.length - 1];
  }

  /** The widest layer, inputs included. */
  public int maxWidth() {
    return Arrays.stream(sizes).max().orElseThrow();
  }

  /** Total number of parameters: the length of the flat vector. */
  public int paramCount() {
    return offsets[sizes.length - 1];
  }

  /** Start of layer {@code l} (1-based), which is also the start of its weight matrix. */
  public int layerOffset(int l) {
    check(l);
    return offsets[l - 1];
  }

  /** Number of parameters of layer {@code l}: {@code n_l * (n_{l-1} + 1)}. */
  public int layerLength(int l) {
    check(l);
    return offsets[l] - offsets[l - 1];
  }

  /** Start of weight {@code W_l[o][i]} is {@code weightOffset(l) + o * fanIn(l) + i}. */
  public int weightOffset(int l) {
    return layerOffset(l);
  }

  /** Start of the biases of layer {@code l}: {@code b_l[o]} is at {@code biasOffset(l) + o}. */
  public int biasOffset(int l) {
    return layerOffset(l) + sizes[l] * sizes[l - 1];
  }

  /** Inputs of layer {@code l}: {@code n_{l-1}}. */
  public int fanIn(int l) {
    check(l);
    return sizes[l - 1];
  }

  /** Units of layer {@code l}: {@code n_l}. */
  public int fanOut(int l) {
    check(l);
    return sizes[l];
  }

  private void check(int l) {
    if (l < 1 || l > layers()) {
      throw new IndexOutOfBoundsException("layer must be between 1 and " + layers() + ", was " + l);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MlpLayout other && Arrays.equals(sizes, other.sizes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sizes);
  }

  @Override
  public String toString() {
    return "MlpLayout" + Arrays.toString(sizes) + " (" + paramCount() + " parameters)";
  }
}
