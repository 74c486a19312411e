package dev.trainyard.ml.tree;

import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The random forest's inner kernels on one node, feature by feature, as {@link TreeGrower} runs
 * them: gathering a feature's bins for the node's rows, filling the per-bin class histogram, and
 * scanning it (or, below {@link TreeGrower#SORT_BELOW} rows, counting-sorting the node) for the
 * best Gini split. Lives in the tree package to reach those package-private steps.
 *
 * <p>Data: synthetic, Fashion-MNIST-shaped (784 features of 0..255 "pixels", about half zero,
 * 10 classes whose means differ per feature), seeded. Each call scans the next feature, so one
 * operation is one feature over one node: divide by the node's rows for ns per row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TreeKernelsBench {
  /** Rows of the large (histogram) node; the whole data set is this node. */
  @Param({"16384"})
  int rows;

  @Param({"784"})
  int features;

  /** Bins per feature (256: every pixel value its own bin). */
  @Param({"256"})
  int bins;

  /** Rows of the small node, split by sorting (below SORT_BELOW = 2048). */
  @Param({"1024"})
  int smallRows;

  static final int CLASSES = 10;

  BinnedFeatures data;
  TreeGrower large;
  TreeGrower small;
  int feature;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(42);
    int[] codes = new int[rows];
    for (int r = 0; r < rows; r++) {
      codes[r] = rng.nextInt(CLASSES);
    }
    data = BinnedFeatures.of(pixels(rows, features, codes, rng), bins);
    Target.Classes y = classes(codes);
    TreeParams params = new TreeParams(Criterion.GINI, 0, 1, 2, features);
    large = TreeGrower.create(data, y, params);
    root(large, identity(rows), rows);
    small = TreeGrower.create(data, y, params);
    root(small, shuffled(rows, rng), smallRows); // a deep node: rows scattered over the data set
  }

  /** Fashion-MNIST-like columns: half zeros, the rest around a per-class, per-feature mean. */
  static FeatureMatrix pixels(int n, int d, int[] codes, SplittableRandom rng) {
    float[][] cols = new float[d][n];
    List<String> names = new ArrayList<>(d);
    for (int j = 0; j < d; j++) {
      names.add("pixel_" + j);
      for (int r = 0; r < n; r++) {
        if (rng.nextInt(2) == 0) {
          continue;
        }
        double mean = 60 + 12 * ((codes[r] * 31 + j * 7) % 13);
        cols[j][r] = (float) Math.max(1, Math.min(255, Math.rint(mean + 40 * rng.nextGaussian())));
      }
    }
    return new FeatureMatrix(names, cols, n);
  }

  static Target.Classes classes(int[] codes) {
    List<String> names = new ArrayList<>();
    for (int c = 0; c < CLASSES; c++) {
      names.add(Integer.toString(c));
    }
    return new Target.Classes(codes, names);
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  private static int[] shuffled(int n, SplittableRandom rng) {
    int[] a = identity(n);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** Makes positions {@code [0, m)} one node holding {@code order[0..m)}, each drawn once. */
  private static void root(TreeGrower g, int[] order, int m) {
    for (int i = 0; i < m; i++) {
      g.rows[i] = order[i];
      g.weight[i] = 1;
    }
    g.loadTargets(m);
    g.nodeStats(0, m);
  }

  private int nextFeature() {
    int f = feature;
    feature = f + 1 == features ? 0 : f + 1;
    return f;
  }

  /** Gather + histogram fill + clear of one feature over the large node (no scan). */
  @Benchmark
  public int histogramBuild() {
    int f = nextFeature();
    large.gather(f, 0, rows);
    large.fillHistogram(0, rows);
    large.clearHistogram(large.binLo, large.binHi);
    return large.binHi;
  }

  /** One feature's full evaluation on the large node: gather, histogram, Gini scan, clear. */
  @Benchmark
  public double histogramSplit() {
    large.bestScore = Double.NEGATIVE_INFINITY;
    large.evaluate(nextFeature(), 0, rows);
    return large.bestScore;
  }

  /** One feature's evaluation on the small node: gather, counting sort by bin, Gini scan. */
  @Benchmark
  public double sortedSplit() {
    small.bestScore = Double.NEGATIVE_INFINITY;
    small.evaluate(nextFeature(), 0, smallRows);
    return small.bestScore;
  }
}
