package dev.trainyard.ml.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.linear.LinearTrainer;
import dev.trainyard.ml.metrics.Metrics;
import dev.trainyard.ml.model.Model;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.model.ProgressListener.Progress;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.pipeline.Algorithms;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MlpTrainerTest {
  private final List<ExecutorService> executors = new ArrayList<>();

  @AfterEach
  void shutDown() throws InterruptedException {
    for (ExecutorService e : executors) {
      e.shutdown();
      assertThat(e.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** A fixed pool that counts the tasks it ran, to show that chunks really went to other threads. */
  private TrainContext context(int threads, long seed, AtomicInteger ran, ProgressListener progress) {
    ThreadPoolExecutor e = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>()) {
      @Override
      protected void beforeExecute(Thread t, Runnable r) {
        ran.incrementAndGet();
      }
    };
    executors.add(e);
    return new TrainContext(seed, e, threads, progress);
  }

  private TrainContext context(int threads) {
    return context(threads, 42, new AtomicInteger(), ProgressListener.NONE);
  }

  /** Uniform points in [-1, 1]^2 (plus noise features); class 1 where x0 * x1 > 0: XOR, not linearly separable. */
  private static Object[] xor(int n, int noise, long seed) {
    Random r = new Random(seed);
    int d = 2 + noise;
    float[][] cols = new float[d][n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        cols[j][i] = (float) (2 * r.nextDouble() - 1);
      }
      y[i] = cols[0][i] * cols[1][i] > 0 ? 1 : 0;
    }
    return new Object[] {matrix(cols, n), new Target.Classes(y, List.of("a", "b"))};
  }

  /** Gaussian features; k classes from a random tanh network, so the boundary is non-linear. */
  private static Object[] blobs(int n, int d, int k, long seed) {
    Random r = new Random(seed);
    float[][] cols = new float[d][n];
    double[][] w = new double[k][d];
    for (double[] row : w) {
      for (int j = 0; j < d; j++) {
        row[j] = r.nextGaussian();
      }
    }
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double best = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < d; j++) {
        cols[j][i] = (float) r.nextGaussian();
      }
      for (int c = 0; c < k; c++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += Math.tanh(w[c][j] * cols[j][i]);
        }
        if (s > best) {
          best = s;
          y[i] = c;
        }
      }
    }
    List<String> names = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      names.add("c" + c);
    }
    return new Object[] {matrix(cols, n), new Target.Classes(y, names)};
  }

  private static FeatureMatrix matrix(float[][] cols, int n) {
    List<String> names = new ArrayList<>();
    for (int j = 0; j < cols.length; j++) {
      names.add("f" + j);
    }
    return new FeatureMatrix(names, cols, n);
  }

  private static double accuracy(Model model, Object[] data) {
    return Metrics.accuracy(((Target.Classes) data[1]).codes(), Metrics.argmax(model.predictAll((FeatureMatrix) data[0])));
  }

  @Test
  void learnsXorWhichALinearModelCannot() {
    Object[] train = xor(2000, 2, 1);
    Object[] test = xor(1000, 2, 2);
    MlpModel mlp = MlpTrainer.builder().hidden(16).activation("tanh").learningRate(0.01).epochs(60).build()
        .train((FeatureMatrix) train[0], (Target) train[1], context(2));
    Model linear = LinearTrainer.softmax().build().train((FeatureMatrix) train[0], (Target) train[1], context(2));
    assertThat(accuracy(linear, test)).isLessThan(0.65);
    assertThat(accuracy(mlp, test)).isGreaterThan(0.95);
  }

  @Test
  void sameSeedGivesBitIdenticalWeightsWithOneOrThreeThreads() {
    Object[] data = blobs(1500, 20, 3, 3);
    MlpTrainer trainer = MlpTrainer.builder().hidden(64, 32).dropout(0.2).batchSize(100).epochs(4).build();
    AtomicInteger ran = new AtomicInteger();
    MlpModel one = trainer.train((FeatureMatrix) data[0], (Target) data[1], context(1));
    MlpModel three = trainer.train((FeatureMatrix) data[0], (Target) data[1],
        context(3, 42, ran, ProgressListener.NONE));
    assertThat(ran.get()).as("chunks handed to helper threads").isPositive();
    assertThat(three.params()).containsExactly(one.params());
    MlpModel otherSeed = trainer.train((FeatureMatrix) data[0], (Target) data[1],
        context(3, 43, new AtomicInteger(), ProgressListener.NONE));
    assertThat(otherSeed.params()).isNotEqualTo(one.params());
  }

  @Test
  void reportsTrainingAndValidationLossPerEpochAndStopsEarly() {
    Object[] data = blobs(600, 5, 3, 4);
    List<Progress> seen = Collections.synchronizedList(new ArrayList<>());
    MlpTrainer.builder().hidden(8).epochs(500).patience(2).tol(0.01).build()
        .train((FeatureMatrix) data[0], (Target) data[1], context(1, 7, new AtomicInteger(), seen::add));
    assertThat(seen).isNotEmpty().hasSizeLessThan(500);
    assertThat(seen).allSatisfy(p -> {
      assertThat(p.unit()).isEqualTo("epochs");
      assertThat(p.total()).isEqualTo(500);
      assertThat(p.loss()).isFinite();
      assertThat(p.validationLoss()).isFinite();
    });
    assertThat(seen.get(seen.size() - 1).validationLoss()).isLessThan(seen.get(0).validationLoss());
  }

  @Test
  void badOptionsAreRejectedNamingTheRule() {
    assertThatThrownBy(() -> MlpTrainer.builder().dropout(1).build())
        .isInstanceOf(InvalidInputException.class).hasMessage("dropout must be between 0 and 0.95, was 1");
    assertThatThrownBy(() -> MlpTrainer.builder().hidden(10, 0).build())
        .hasMessage("hidden layer size must be between 1 and 65536, was 0");
    assertThatThrownBy(() -> MlpTrainer.builder().activation("sigmoid").build())
        .hasMessage("activation must be one of [relu, tanh], was 'sigmoid'");
    assertThatThrownBy(() -> MlpTrainer.builder().optimizer("lbfgs").build())
        .hasMessage("optimizer must be one of [sgd, momentum, adagrad, adam], was 'lbfgs'");
    assertThatThrownBy(() -> Algorithms.get("mlp").parse(Map.of("hidden", "256,x")))
        .hasMessage("hidden must be a comma-separated list of integers, was '256,x'");
  }

  @Test
  void numericTargetsAreRejected() {
    FeatureMatrix x = matrix(new float[][] {{1, 2}}, 2);
    assertThatThrownBy(() -> MlpTrainer.builder().build().train(x, new Target.Values(new float[] {1, 2}), context(1)))
        .hasMessage("mlp is a classifier and needs class labels, got a numeric target");
  }

  @Test
  void registryBuildsTheTrainerFromUserParameters() {
    var spec = Algorithms.get("mlp");
    MlpTrainer trainer = (MlpTrainer) spec.factory()
        .create(spec.parse(Map.of("hidden", "256,128", "dropout", "0.1", "activation", "tanh")), null);
    assertThat(trainer.effectiveParams()).containsEntry("hidden", "256,128").containsEntry("activation", "tanh")
        .containsEntry("dropout", "0.1");
  }
}
