package dev.trainyard.ml.linear;

import java.util.Arrays;
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
 * The mini-batch loss-and-gradient of the linear models ({@link LinearGradients}, what every PS
 * worker step computes) on one batch of rows picked at random from the data, with the gradient
 * zeroed first as a step does. Shapes: {@code softmax} is Fashion-MNIST's (784 features, 10
 * classes), {@code logistic} the synthetic 100-feature binary problem's. {@code density} is the
 * share of non-zero features: 1 dense, 0.5 about Fashion-MNIST's pixels, 0.05 a sparse problem
 * held densely — the kernel does the same work whatever the density, which this shows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GradientBench {
  @Param({"softmax", "logistic"})
  String objective;

  @Param({"1.0", "0.05"})
  double density;

  @Param({"256"})
  int batch;

  static final int ROWS = 8192;

  int d;
  int k;
  float[] x;
  int[] labels;
  float[] w;
  float[] grad;
  int[] order;
  int from;
  final GradientWorkspace ws = new GradientWorkspace();

  @Setup(Level.Trial)
  public void setUp() {
    boolean softmax = objective.equals("softmax");
    d = softmax ? 784 : 100;
    k = softmax ? 10 : 1;
    SplittableRandom rng = new SplittableRandom(42);
    x = new float[ROWS * d];
    for (int i = 0; i < x.length; i++) {
      if (rng.nextDouble() < density) {
        x[i] = (float) rng.nextGaussian();
      }
    }
    labels = new int[ROWS];
    for (int r = 0; r < ROWS; r++) {
      labels[r] = rng.nextInt(softmax ? k : 2);
    }
    w = new float[k * (d + 1)];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (0.01 * rng.nextGaussian());
    }
    grad = new float[w.length];
    order = new int[ROWS];
    for (int r = 0; r < ROWS; r++) {
      order[r] = r;
    }
    for (int i = ROWS - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  @Benchmark
  public double batchGradient() {
    int a = from;
    from = a + 2 * batch > ROWS ? 0 : a + batch;
    Arrays.fill(grad, 0f);
    return objective.equals("softmax")
        ? LinearGradients.softmax(x, d, k, order, a, a + batch, labels, w, grad, ws)
        : LinearGradients.logistic(x, d, order, a, a + batch, labels, w, grad, ws);
  }
}
