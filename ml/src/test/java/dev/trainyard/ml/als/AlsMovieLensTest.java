package dev.trainyard.ml.als;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.split.Split;
import dev.trainyard.ml.split.Splits;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's quality bars on MovieLens small (random 80/20 split, seed 42, rank 10, 15 iterations,
 * default lambda, 2 threads). Train time is printed, never asserted.
 */
class AlsMovieLensTest {
  private static ExecutorService executor;
  private static FeatureMatrix train;
  private static FeatureMatrix test;
  private static Target.Values trainRatings;
  private static float[] testRatings;

  @BeforeAll
  static void load() {
    executor = Executors.newFixedThreadPool(2);
    Frame f = CsvReader.read(TestDatasets.file("movielens_ratings.csv"), CsvOptions.defaults());
    float[] users = f.numericValues(f.indexOf("user"));
    float[] items = f.numericValues(f.indexOf("item"));
    FeatureMatrix x = new FeatureMatrix(List.of("user", "item"), new float[][] {users, items}, users.length);
    Target.Values y = new Target.Values(f.numericValues(f.indexOf("rating")));
    Split s = Splits.trainTest(x.rows(), 0.2, 42);
    train = x.rows(s.train());
    test = x.rows(s.test());
    trainRatings = y.rows(s.train());
    testRatings = y.rows(s.test()).values();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void rank10WithoutBiasesReachesTestRmse093() {
    double rmse = testRmse(AlsTrainer.builder().biases(false).build(), "ALS, no biases (README: 0.940 at λ=0.1, 0.922 at λ=0.2)");
    assertThat(rmse).isLessThanOrEqualTo(0.93);
  }

  @Test
  void rank10WithBiasesReachesTestRmse090() {
    double rmse = testRmse(AlsTrainer.builder().biases(true).build(), "ALS with biases (README: bias baseline 0.896)");
    assertThat(rmse).isLessThanOrEqualTo(0.90);
  }

  @Test
  void sgdWithBiasesIsComparable() {
    double rmse = testRmse(AlsTrainer.builder().solver(AlsTrainer.Solver.SGD).build(), "SGD-MF with biases");
    assertThat(rmse).isLessThanOrEqualTo(0.90);
  }

  private static double testRmse(AlsTrainer trainer, String what) {
    TrainContext context = new TrainContext(42, executor, 2, ProgressListener.NONE);
    long start = System.nanoTime();
    AlsModel m = trainer.train(train, trainRatings, context);
    double seconds = (System.nanoTime() - start) / 1e9;
    double sse = 0;
    for (int i = 0; i < test.rows(); i++) {
      double e = m.predict(test.get(i, 0), test.get(i, 1)) - testRatings[i];
      sse += e * e;
    }
    double rmse = Math.sqrt(sse / test.rows());
    System.out.printf("MovieLens %s, %s: test RMSE %.4f, trained in %.3f s on 2 threads%n",
        what, trainer.effectiveParams(), rmse, seconds);
    return rmse;
  }
}
