package dev.trainyard.ml.tree;

import dev.trainyard.ml.data.FeatureMatrix;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * One trained decision tree in flat arrays. Node 0 is the root. An internal node sends
 * {@code x[feature] <= threshold} to {@code left}, everything else to {@code right}; children
 * always have larger indices than their parent. A leaf has {@code feature == -1} and
 * {@code left} is the offset of its {@link #width()} values (class probabilities or one
 * regression value) in {@link #value}. Immutable and thread-safe.
 */
public final class Tree {
  private final int[] feature;
  private final float[] threshold;
  private final int[] left;
  private final int[] right;
  private final float[] values;
  private final int width;

  /** Takes ownership of the arrays; callers never modify them afterwards. */
  Tree(int[] feature, float[] threshold, int[] left, int[] right, float[] values, int width) {
    this.feature = feature;
    this.threshold = threshold;
    this.left = left;
    this.right = right;
    this.values = values;
    this.width = width;
  }

  public int nodeCount() {
    return feature.length;
  }

  /** Values per leaf: the number of classes, or 1 for regression. */
  public int width() {
    return width;
  }

  public int leafCount() {
    int leaves = 0;
    for (int f : feature) {
      if (f < 0) {
        leaves++;
      }
    }
    return leaves;
  }

  /** Depth of the deepest leaf (a lone root has depth 0). */
  public int depth() {
    int[] depth = new int[feature.length];
    int max = 0;
    for (int n = 0; n < feature.length; n++) {
      if (feature[n] >= 0) {
        depth[left[n]] = depth[n] + 1;
        depth[right[n]] = depth[n] + 1;
        max = Math.max(max, depth[n] + 1);
      }
    }
    return max;
  }

  /** Offset in {@link #value} of the leaf that raw row {@code x} falls into. */
  public int leafOffset(float[] x) {
    int n = 0;
    int f;
    while ((f = feature[n]) >= 0) {
      n = x[f] <= threshold[n] ? left[n] : right[n];
    }
    return left[n];
  }

  /** Like {@link #leafOffset(float[])} for row {@code row} of a column-major matrix. */
  public int leafOffset(FeatureMatrix x, int row) {
    int n = 0;
    int f;
    while ((f = feature[n]) >= 0) {
      n = x.get(row, f) <= threshold[n] ? left[n] : right[n];
    }
    return left[n];
  }

  /**
   * The leaf offset of every row in {@code rows} ({@code out[i]} for {@code rows[i]}). All rows
   * travel down together, node by node, so each node reads one column of {@code x} instead of
   * each row hopping across columns and tree nodes: much faster for many rows.
   */
  public int[] leafOffsets(FeatureMatrix x, int[] rows) {
    int m = rows.length;
    int[] pos = new int[m];
    for (int i = 0; i < m; i++) {
      pos[i] = i;
    }
    int[] out = new int[m];
    int[] stack = new int[3 * 32];
    int top = 0;
    if (m > 0) {
      stack[top++] = 0;
      stack[top++] = 0;
      stack[top++] = m;
    }
    while (top > 0) {
      int end = stack[--top];
      int start = stack[--top];
      int node = stack[--top];
      int f = feature[node];
      if (f < 0) {
        for (int i = start; i < end; i++) {
          out[pos[i]] = left[node];
        }
        continue;
      }
      int mid = partition(x.column(f), threshold[node], rows, pos, start, end);
      if (top + 6 > stack.length) {
        stack = Arrays.copyOf(stack, stack.length * 2);
      }
      top = push(stack, top, right[node], mid, end);
      top = push(stack, top, left[node], start, mid);
    }
    return out;
  }

  private static int push(int[] stack, int top, int node, int start, int end) {
    if (start == end) {
      return top;
    }
    stack[top] = node;
    stack[top + 1] = start;
    stack[top + 2] = end;
    return top + 3;
  }

  /** Moves positions whose value is {@code <= t} to the front of {@code [start, end)}; returns the boundary. */
  private static int partition(float[] col, float t, int[] rows, int[] pos, int start, int end) {
    int i = start;
    int j = end - 1;
    while (true) {
      while (i <= j && col[rows[pos[i]]] <= t) {
        i++;
      }
      while (i <= j && !(col[rows[pos[j]]] <= t)) {
        j--;
      }
      if (i >= j) {
        return i;
      }
      int p = pos[i];
      pos[i] = pos[j];
      pos[j] = p;
      i++;
      j--;
    }
  }

  public float value(int offset) {
    return values[offset];
  }

  /** Adds the leaf values for {@code x} to {@code sum[0..width)}. */
  public void addPrediction(float[] x, double[] sum) {
    int off = leafOffset(x);
    for (int c = 0; c < width; c++) {
      sum[c] += values[off + c];
    }
  }

  /** Writes the tree; {@link #read} restores it bit for bit. */
  public void write(DataOutput out) throws IOException {
    out.writeInt(feature.length);
    out.writeInt(width);
    out.writeInt(values.length);
    for (int n = 0; n < feature.length; n++) {
      out.writeInt(feature[n]);
      out.writeFloat(threshold[n]);
      out.writeInt(left[n]);
      out.writeInt(right[n]);
    }
    for (float v : values) {
      out.writeFloat(v);
    }
  }

  /**
   * Reads a tree written by {@link #write}, checking that it is well formed over
   * {@code numFeatures} features so that prediction cannot loop or index out of bounds.
   */
  public static Tree read(DataInput in, int numFeatures) throws IOException {
    int nodes = in.readInt();
    int width = in.readInt();
    int valueCount = in.readInt();
    if (nodes < 1 || width < 1 || valueCount < width) {
      throw new IOException("corrupt tree header: " + nodes + " nodes, width " + width);
    }
    int[] feature = new int[nodes];
    float[] threshold = new float[nodes];
    int[] left = new int[nodes];
    int[] right = new int[nodes];
    for (int n = 0; n < nodes; n++) {
      feature[n] = in.readInt();
      threshold[n] = in.readFloat();
      left[n] = in.readInt();
      right[n] = in.readInt();
      boolean ok = feature[n] < 0
          ? feature[n] == -1 && left[n] >= 0 && left[n] <= valueCount - width
          : feature[n] < numFeatures && left[n] > n && left[n] < nodes && right[n] > n && right[n] < nodes;
      if (!ok) {
        throw new IOException("corrupt tree node " + n);
      }
    }
    float[] values = new float[valueCount];
    for (int i = 0; i < valueCount; i++) {
      values[i] = in.readFloat();
    }
    return new Tree(feature, threshold, left, right, values, width);
  }
}
