package dev.trainyard.ml.tree;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.Target;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Grows CART trees on {@link BinnedFeatures}, depth first. The rows of the sample live in one
 * array that is partitioned in place as nodes split, so a node is a contiguous range
 * {@code [start, end)} of it. Per node, up to {@code maxFeatures} randomly drawn non-constant
 * features are scanned: a histogram over bins for large nodes, a sort of the node's bins for small
 * ones. Features found constant in a node are remembered for its whole subtree (they cannot vary
 * there), as in Breiman's and scikit-learn's implementations.
 *
 * <p>Not thread-safe: a grower owns scratch buffers; use one per thread. The same grower,
 * sample and seed always give the same tree.
 */
public abstract class TreeGrower {
  /** Nodes with fewer positions than this are split by sorting instead of a histogram. */
  static final int SORT_BELOW = 2048;

  /**
   * Nodes with fewer positions than this read bins from the row-major copy: a small subtree's
   * rows then fit in cache across all features, while a large node scans whole columns.
   */
  static final int ROW_MAJOR_BELOW = 2048;

  private static final int STRIDE = 5; // stack entry: start, end, depth, parent link, known constants

  final BinnedFeatures data;
  final TreeParams params;
  /** {@link #SORT_BELOW} and {@link #ROW_MAJOR_BELOW}, overridable so tests can force each path. */
  final int sortBelow;
  private final int rowMajorBelow;
  private final int width;
  private final int[] features;
  /** Row id of each position; partitioned in place as the tree grows. */
  final int[] rows;
  /** Weight (bootstrap draws) of each position. */
  final int[] weight;
  /** Node offsets ordered by bin, filled by {@link #sortByBin}. */
  final int[] order;
  private final int[] binStart = new int[BinnedFeatures.MAX_BINS + 1];
  /** Bins of the feature being scanned, for positions {@code start..end} at {@code [0, end-start)}. */
  final byte[] nodeBins;
  /** Smallest and largest bin seen by the last {@link #gather}. */
  int binLo;
  int binHi;
  private final NodeBuffer nodes = new NodeBuffer();
  private double[] importance;
  private int[] stack = new int[STRIDE * 64];

  // Best split of the node being processed; set by evaluate().
  double bestScore;
  int bestFeature;
  int bestBin;

  TreeGrower(BinnedFeatures data, TreeParams params, int width, int sortBelow, int rowMajorBelow) {
    this.data = data;
    this.params = params;
    this.sortBelow = sortBelow;
    this.rowMajorBelow = rowMajorBelow;
    this.width = width;
    this.features = new int[data.cols()];
    this.rows = new int[data.rows()];
    this.weight = new int[data.rows()];
    this.order = new int[Math.min(data.rows(), sortBelow)];
    this.nodeBins = new byte[data.rows()];
  }

  /**
   * A grower for {@code y}: classes with Gini or entropy, values with variance. The criterion
   * must match the target kind.
   */
  public static TreeGrower create(BinnedFeatures x, Target y, TreeParams params) {
    return create(x, y, params, SORT_BELOW, ROW_MAJOR_BELOW);
  }

  static TreeGrower create(BinnedFeatures x, Target y, TreeParams params, int sortBelow, int rowMajorBelow) {
    if (y.size() != x.rows()) {
      throw new InvalidInputException("target has " + y.size() + " rows but features have " + x.rows());
    }
    if (y instanceof Target.Classes c) {
      if (!params.criterion().isClassification()) {
        throw new InvalidInputException("criterion " + params.criterion().id() + " needs a numeric target");
      }
      return new ClassificationGrower(x, c, params, sortBelow, rowMajorBelow);
    }
    if (params.criterion() != Criterion.VARIANCE) {
      throw new InvalidInputException("criterion " + params.criterion().id() + " needs a class target");
    }
    return new RegressionGrower(x, (Target.Values) y, params, sortBelow, rowMajorBelow);
  }

  /**
   * Grows one tree on the rows with {@code counts[row] > 0}, each weighted by its count (a
   * bootstrap sample); {@code seed} drives the per-node feature draws.
   */
  public final GrownTree grow(int[] counts, long seed) {
    if (counts.length != rows.length) {
      throw new IllegalArgumentException(counts.length + " counts for " + rows.length + " rows");
    }
    int n = 0;
    for (int r = 0; r < counts.length; r++) {
      if (counts[r] > 0) {
        rows[n] = r;
        weight[n] = counts[r];
        n++;
      }
    }
    if (n == 0) {
      throw new InvalidInputException("cannot grow a tree on an empty sample");
    }
    loadTargets(n);
    for (int j = 0; j < features.length; j++) {
      features[j] = j;
    }
    importance = new double[features.length];
    nodes.clear();
    SplittableRandom rng = new SplittableRandom(seed);
    int top = push(0, 0, n, 0, -1, 0);
    while (top > 0) {
      top -= STRIDE;
      top = processNode(top, rng);
    }
    return new GrownTree(nodes.toTree(width), importance);
  }

  /** Pops the node at stack position {@code top}, makes it a leaf or splits it; returns the new top. */
  private int processNode(int top, SplittableRandom rng) {
    int start = stack[top];
    int end = stack[top + 1];
    int depth = stack[top + 2];
    int link = stack[top + 3];
    int known = stack[top + 4];
    int node = nodes.add();
    if (link >= 0) {
      nodes.link(link >> 1, (link & 1) == 1, node);
    }
    long w = nodeStats(start, end);
    double impurity = nodeImpurity();
    if (link >= 0) {
      importance[nodes.feature(link >> 1)] -= impurity;
    }
    if (w < params.minSamplesSplit() || w < 2L * params.minSamplesLeaf()
        || depth >= params.depthLimit() || isPure()) {
      nodes.leaf(node, writeLeaf());
      return top;
    }
    int childKnown = findSplit(start, end, known, rng);
    if (bestFeature < 0) {
      nodes.leaf(node, writeLeaf());
      return top;
    }
    int f = bestFeature;
    int mid = partition(f, bestBin, start, end);
    nodes.split(node, f, data.edge(f, bestBin));
    importance[f] += impurity;
    top = push(top, mid, end, depth + 1, node << 1 | 1, childKnown);
    return push(top, start, mid, depth + 1, node << 1, childKnown);
  }

  private int push(int top, int start, int end, int depth, int link, int known) {
    if (top + STRIDE > stack.length) {
      stack = Arrays.copyOf(stack, stack.length * 2);
    }
    stack[top] = start;
    stack[top + 1] = end;
    stack[top + 2] = depth;
    stack[top + 3] = link;
    stack[top + 4] = known;
    return top + STRIDE;
  }

  /**
   * Draws features without replacement until {@code maxFeatures} non-constant ones have been
   * scanned, none is left, or a split leaving both children pure was found (later features could
   * only tie with it, and ties keep the first). {@code features[0..known)} are constant in this
   * node already; newly found constants are swapped to {@code [known, known + found)} and scanned
   * ones to the tail, so the prefix stays valid for the children. Returns the children's known
   * count.
   */
  private int findSplit(int start, int end, int known, SplittableRandom rng) {
    bestFeature = -1;
    bestBin = -1;
    bestScore = Double.NEGATIVE_INFINITY;
    int constants = known;
    int tail = features.length;
    int tried = 0;
    int maxFeatures = Math.min(params.maxFeatures(), features.length);
    while (tried < maxFeatures && tail > constants && !(bestFeature >= 0 && isPerfect(bestScore))) {
      int j = constants + rng.nextInt(tail - constants);
      int f = features[j];
      if (evaluate(f, start, end)) {
        tail--;
        features[j] = features[tail];
        features[tail] = f;
        tried++;
      } else {
        features[j] = features[constants];
        features[constants] = f;
        constants++;
      }
    }
    return constants;
  }

  /** Moves positions whose bin of {@code f} is {@code <= bin} to the front; returns the boundary. */
  private int partition(int f, int bin, int start, int end) {
    byte[] col = data.bins(f);
    int i = start;
    int j = end - 1;
    while (true) {
      while (i <= j && (col[rows[i]] & 0xFF) <= bin) {
        i++;
      }
      while (i <= j && (col[rows[j]] & 0xFF) > bin) {
        j--;
      }
      if (i >= j) {
        return i;
      }
      swap(i, j);
      i++;
      j--;
    }
  }

  /**
   * Copies the bins of feature {@code f} at positions {@code [start, end)} into {@link #nodeBins}
   * and records their range; returns false if the feature is constant there. A separate pass
   * keeps this loop free of stores the loads could wait on, so cache misses overlap.
   */
  final boolean gather(int f, int start, int end) {
    int m = end - start;
    byte[] buf = nodeBins;
    byte[] rowMajor = data.rowMajor();
    int lo = BinnedFeatures.MAX_BINS;
    int hi = 0;
    if (m < rowMajorBelow && rowMajor != null) {
      int d = features.length;
      for (int i = 0; i < m; i++) {
        int b = rowMajor[rows[start + i] * d + f] & 0xFF;
        buf[i] = (byte) b;
        lo = Math.min(lo, b);
        hi = Math.max(hi, b);
      }
    } else {
      byte[] col = data.bins(f);
      for (int i = 0; i < m; i++) {
        int b = col[rows[start + i]] & 0xFF;
        buf[i] = (byte) b;
        lo = Math.min(lo, b);
        hi = Math.max(hi, b);
      }
    }
    binLo = lo;
    binHi = hi;
    return lo < hi;
  }

  /**
   * Counting sort of the node offsets {@code 0..m-1} by {@link #nodeBins} into {@link #order}
   * (stable): O(m + bins), against O(m log m) for a comparison sort.
   */
  final void sortByBin(int m) {
    int[] c = binStart;
    int lo = binLo;
    int hi = binHi;
    byte[] bins = nodeBins;
    Arrays.fill(c, lo, hi + 2, 0);
    for (int i = 0; i < m; i++) {
      c[(bins[i] & 0xFF) + 1]++;
    }
    for (int b = lo + 1; b <= hi + 1; b++) {
      c[b] += c[b - 1];
    }
    int[] out = order;
    for (int i = 0; i < m; i++) {
      out[c[bins[i] & 0xFF]++] = i;
    }
  }

  /** Swaps positions {@code i} and {@code j} of every per-position array. */
  void swap(int i, int j) {
    int r = rows[i];
    rows[i] = rows[j];
    rows[j] = r;
    int w = weight[i];
    weight[i] = weight[j];
    weight[j] = w;
    swapTargets(i, j);
  }

  /**
   * The split after bin {@code lo} when bins {@code lo} and {@code hi} are consecutive non-empty
   * bins of a node: the middle of the empty gap between them, like a midpoint threshold.
   */
  static int gapMiddle(int lo, int hi) {
    return (lo + hi - 1) >>> 1;
  }

  /** Copies per-row targets into per-position arrays for the first {@code n} positions. */
  abstract void loadTargets(int n);

  abstract void swapTargets(int i, int j);

  /** Computes the node's totals (kept for evaluate / writeLeaf); returns its total weight. */
  abstract long nodeStats(int start, int end);

  /** Weight times impurity of the node last passed to {@link #nodeStats}; set by it. */
  double nodeImpurity;
  /** Whether that node holds a single class (or a single value); set by {@link #nodeStats}. */
  boolean nodePure;

  final double nodeImpurity() {
    return nodeImpurity;
  }

  final boolean isPure() {
    return nodePure;
  }

  /** Whether a split scoring {@code score} leaves both children pure, so nothing can beat it. */
  abstract boolean isPerfect(double score);

  /**
   * Scans feature {@code f} over the node; updates the best split if one scores higher. Returns
   * false if the feature is constant on the node. Small nodes are sorted by bin, larger ones go
   * through a histogram.
   */
  final boolean evaluate(int f, int start, int end) {
    if (!gather(f, start, end)) {
      return false;
    }
    if (end - start < sortBelow) {
      scanSorted(f, start, end);
    } else {
      fillHistogram(start, end);
      scanHistogram(f, binLo, binHi);
      clearHistogram(binLo, binHi);
    }
    return true;
  }

  /** Sorts the node's positions by bin, then tries every bin boundary moving one row at a time. */
  abstract void scanSorted(int f, int start, int end);

  /** Accumulates the gathered node bins' targets into the per-bin histogram. */
  abstract void fillHistogram(int start, int end);

  /** Tries the split between each pair of consecutive non-empty bins in {@code [lo, hi]}. */
  abstract void scanHistogram(int f, int lo, int hi);

  /** Zeroes bins {@code [lo, hi]} for the next feature, touching only the bins this node used. */
  abstract void clearHistogram(int lo, int hi);

  /** Appends the leaf values of the node last passed to {@link #nodeStats}; returns their offset. */
  abstract int writeLeaf();

  /** Appends leaf values; used by {@link #writeLeaf}. */
  final int appendValues(float[] v) {
    return nodes.appendValues(v, width);
  }
}
