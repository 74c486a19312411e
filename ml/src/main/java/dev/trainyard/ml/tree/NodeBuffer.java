package dev.trainyard.ml.tree;

import java.util.Arrays;

/** Growable flat node arrays a {@link TreeGrower} fills while growing; frozen by {@link #toTree}. */
final class NodeBuffer {
  private int[] feature = new int[256];
  private float[] threshold = new float[256];
  private int[] left = new int[256];
  private int[] right = new int[256];
  private float[] values = new float[1024];
  private int size;
  private int valueSize;

  void clear() {
    size = 0;
    valueSize = 0;
  }

  /** Adds a node (a leaf until {@link #split}) and returns its index. */
  int add() {
    if (size == feature.length) {
      int cap = size * 2;
      feature = Arrays.copyOf(feature, cap);
      threshold = Arrays.copyOf(threshold, cap);
      left = Arrays.copyOf(left, cap);
      right = Arrays.copyOf(right, cap);
    }
    feature[size] = -1;
    return size++;
  }

  int feature(int node) {
    return feature[node];
  }

  void link(int parent, boolean isRight, int child) {
    if (isRight) {
      right[parent] = child;
    } else {
      left[parent] = child;
    }
  }

  void split(int node, int f, float edge) {
    feature[node] = f;
    threshold[node] = edge;
  }

  void leaf(int node, int valueOffset) {
    feature[node] = -1;
    threshold[node] = 0f;
    left[node] = valueOffset;
    right[node] = -1;
  }

  int appendValues(float[] v, int width) {
    if (valueSize + width > values.length) {
      values = Arrays.copyOf(values, Math.max(values.length * 2, valueSize + width));
    }
    System.arraycopy(v, 0, values, valueSize, width);
    int off = valueSize;
    valueSize += width;
    return off;
  }

  Tree toTree(int width) {
    return new Tree(
        Arrays.copyOf(feature, size),
        Arrays.copyOf(threshold, size),
        Arrays.copyOf(left, size),
        Arrays.copyOf(right, size),
        Arrays.copyOf(values, valueSize),
        width);
  }
}
