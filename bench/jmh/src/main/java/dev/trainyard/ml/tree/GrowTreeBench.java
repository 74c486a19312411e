package dev.trainyard.ml.tree;

import dev.trainyard.ml.data.Target;
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
 * One whole random-forest tree (bootstrap sample, sqrt(d) features per node, unlimited depth, min
 * leaf 1, Gini) on the same synthetic Fashion-MNIST-shaped data as {@link TreeKernelsBench}: the
 * kernels together with partitioning, node bookkeeping and the sort/histogram switch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class GrowTreeBench {
  @Param({"16384"})
  int rows;

  @Param({"784"})
  int features;

  @Param({"256"})
  int bins;

  TreeGrower grower;
  int[] counts;
  long seed;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(42);
    int[] codes = new int[rows];
    for (int r = 0; r < rows; r++) {
      codes[r] = rng.nextInt(TreeKernelsBench.CLASSES);
    }
    BinnedFeatures data = BinnedFeatures.of(TreeKernelsBench.pixels(rows, features, codes, rng), bins);
    Target.Classes y = TreeKernelsBench.classes(codes);
    int sqrt = (int) Math.round(Math.sqrt(features));
    grower = TreeGrower.create(data, y, new TreeParams(Criterion.GINI, 0, 1, 2, sqrt));
    counts = new int[rows];
    for (int i = 0; i < rows; i++) {
      counts[rng.nextInt(rows)]++;
    }
  }

  @Benchmark
  public GrownTree growOneTree() {
    return grower.grow(counts, seed++);
  }
}
