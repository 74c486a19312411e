package dev.trainyard.ml.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.model.ProgressListener.Progress;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.param.ParamSpec;
import dev.trainyard.ml.param.Params;
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

class LinearTrainerTest {
  private final List<ExecutorService> executors = new ArrayList<>();

  @AfterEach
  void shutDown() throws InterruptedException {
    for (ExecutorService e : executors) {
      e.shutdown();
      assertThat(e.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** A fixed pool that counts the tasks it ran, to show that chunks really went to other threads. */
  private ThreadPoolExecutor pool(int threads, AtomicInteger ran) {
    ThreadPoolExecutor e = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>()) {
      @Override
      protected void beforeExecute(Thread t, Runnable r) {
        ran.incrementAndGet();
      }
    };
    executors.add(e);
    return e;
  }

  private TrainContext context(int threads, long seed, ProgressListener progress) {
    return new TrainContext(seed, pool(threads, new AtomicInteger()), threads, progress);
  }

  /** Gaussian features; classes from a random linear map plus noise, so they are learnable but not separable. */
  private static Object[] classification(int n, int d, int k, long seed) {
    return classification(n, d, k, seed, 2);
  }

  private static Object[] classification(int n, int d, int k, long seed, double noise) {
    Random r = new Random(seed);
    float[][] cols = new float[d][n];
    double[][] truth = new double[k][d];
    for (double[] row : truth) {
      for (int j = 0; j < d; j++) {
        row[j] = r.nextGaussian();
      }
    }
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        cols[j][i] = (float) r.nextGaussian();
      }
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        double s = noise * r.nextGaussian();
        for (int j = 0; j < d; j++) {
          s += truth[c][j] * cols[j][i];
        }
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      y[i] = best;
    }
    List<String> classes = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      classes.add(Integer.toString(c));
    }
    return new Object[] {matrix(cols, n), new Target.Classes(y, classes)};
  }

  /** Columns named f0, f1, ... */
  private static FeatureMatrix matrix(float[][] cols, int n) {
    List<String> names = new ArrayList<>();
    for (int j = 0; j < cols.length; j++) {
      names.add("f" + j);
    }
    return new FeatureMatrix(names, cols, n);
  }

  @Test
  void theSameSeedGivesBitIdenticalWeightsWithOneOrThreeThreads() {
    // 256 rows x 128 features x 10 classes per batch is past the parallel threshold: 8 chunks.
    Object[] data = classification(1500, 128, 10, 11);
    LinearTrainer trainer = LinearTrainer.softmax().epochs(3).batchSize(256).build();
    AtomicInteger helperTasks = new AtomicInteger();
    LinearModel one = trainer.train((FeatureMatrix) data[0], (Target) data[1], context(1, 5, ProgressListener.NONE));
    LinearModel three = trainer.train((FeatureMatrix) data[0], (Target) data[1],
        new TrainContext(5, pool(3, helperTasks), 3, ProgressListener.NONE));

    assertThat(helperTasks.get()).isGreaterThan(0);
    assertThat(three.weights()).containsExactly(one.weights());
  }

  @Test
  void differentSeedsShuffleDifferently() {
    Object[] data = classification(300, 5, 2, 3);
    LinearTrainer trainer = LinearTrainer.logistic().epochs(2).build();
    LinearModel a = trainer.train((FeatureMatrix) data[0], (Target) data[1], context(1, 1, ProgressListener.NONE));
    LinearModel b = trainer.train((FeatureMatrix) data[0], (Target) data[1], context(1, 2, ProgressListener.NONE));
    assertThat(a.weights()).isNotEqualTo(b.weights());
  }

  @Test
  void linearRegressionRecoversKnownCoefficients() {
    Random r = new Random(1);
    int n = 2000;
    float[][] cols = new float[3][n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        cols[j][i] = (float) r.nextGaussian();
      }
      y[i] = (float) (2 * cols[0][i] - 3 * cols[1][i] + 0.5 * cols[2][i] + 1 + 0.01 * r.nextGaussian());
    }
    LinearModel m = LinearTrainer.linear().l2(0).learningRate(0.05).earlyStopping(false).epochs(30).build()
        .train(matrix(cols, n), new Target.Values(y), context(2, 42, ProgressListener.NONE));

    assertThat(m.weight(0, 0)).isCloseTo(2f, within(0.01f));
    assertThat(m.weight(0, 1)).isCloseTo(-3f, within(0.01f));
    assertThat(m.weight(0, 2)).isCloseTo(0.5f, within(0.01f));
    assertThat(m.bias(0)).isCloseTo(1f, within(0.01f));
  }

  @Test
  void l1SetsTheWeightsOfIrrelevantFeaturesToExactlyZero() {
    Random r = new Random(2);
    int n = 1000;
    float[][] cols = new float[6][n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 6; j++) {
        cols[j][i] = (float) r.nextGaussian();
      }
      y[i] = (float) (cols[0][i] - 2 * cols[1][i] + 0.1 * r.nextGaussian());
    }
    LinearModel m = LinearTrainer.linear().l1(0.05).l2(0).optimizer("sgd").learningRate(0.05).earlyStopping(false)
        .epochs(20).build()
        .train(matrix(cols, n), new Target.Values(y), context(1, 42, ProgressListener.NONE));

    for (int j = 2; j < 6; j++) {
      assertThat(m.weight(0, j)).as("weight %d", j).isZero();
    }
    // L1 shrinks the true weights by about l1 (their gradient must balance it).
    assertThat(m.weight(0, 0)).isCloseTo(0.95f, within(0.03f));
    assertThat(m.weight(0, 1)).isCloseTo(-1.95f, within(0.03f));
  }

  @Test
  void everyOptimizerAndScheduleLearnsANearlySeparableProblem() {
    Object[] data = classification(400, 4, 3, 8, 0.1);
    FeatureMatrix x = (FeatureMatrix) data[0];
    Target.Classes y = (Target.Classes) data[1];
    for (String opt : LinearParams.OPTIMIZERS) {
      for (String schedule : LinearParams.SCHEDULES) {
        double lr = opt.equals("sgd") || opt.equals("adagrad") ? 0.1 : 0.01;
        LinearModel m = LinearTrainer.softmax().optimizer(opt).schedule(schedule).learningRate(lr).epochs(20).build()
            .train(x, y, context(1, 3, ProgressListener.NONE));
        assertThat(accuracy(m, x, y.codes())).as(opt + "/" + schedule).isGreaterThan(0.85);
      }
    }
  }

  @Test
  void earlyStoppingReportsBothLossesAndStopsBeforeTheEpochLimit() {
    // Many features and few rows: the validation loss soon stops improving.
    Object[] data = classification(120, 60, 3, 4);
    List<Progress> seen = Collections.synchronizedList(new ArrayList<>());
    LinearTrainer.softmax().epochs(500).l2(0).patience(3).build()
        .train((FeatureMatrix) data[0], (Target) data[1], context(1, 9, seen::add));

    assertThat(seen).isNotEmpty().hasSizeLessThan(500);
    for (int i = 0; i < seen.size(); i++) {
      Progress p = seen.get(i);
      assertThat(p.unit()).isEqualTo("epochs");
      assertThat(p.done()).isEqualTo(i + 1);
      assertThat(p.total()).isEqualTo(500);
      assertThat(p.loss()).isFinite().isPositive();
      assertThat(p.validationLoss()).isFinite().isPositive();
    }
  }

  @Test
  void withoutEarlyStoppingEveryEpochRunsAndThereIsNoValidationLoss() {
    Object[] data = classification(100, 3, 2, 5);
    List<Progress> seen = new ArrayList<>();
    LinearTrainer.logistic().epochs(7).earlyStopping(false).build()
        .train((FeatureMatrix) data[0], (Target) data[1], context(1, 9, seen::add));
    assertThat(seen).hasSize(7);
    assertThat(seen.get(6).validationLoss()).isNaN();
    assertThat(seen.get(6).loss()).isLessThan(seen.get(0).loss());
  }

  @Test
  void theModelRecordsItsProvenance() {
    Object[] data = classification(50, 3, 3, 6);
    Params p = Params.parse("softmax", LinearTrainer.params(Objective.SOFTMAX), Map.of("epochs", "4", "optimizer", "momentum"));
    LinearModel m = LinearTrainer.fromParams(Objective.SOFTMAX, p)
        .train((FeatureMatrix) data[0], (Target) data[1], context(1, 77, ProgressListener.NONE));

    assertThat(m.provenance().algorithm()).isEqualTo("softmax");
    assertThat(m.provenance().params()).isEqualTo(p.effective());
    assertThat(m.provenance().seed()).isEqualTo(77);
    assertThat(m.provenance().trainRows()).isEqualTo(50);
    assertThat(m.numClasses()).isEqualTo(3);
    assertThat(m.numFeatures()).isEqualTo(3);
  }

  @Test
  void eachPresetDeclaresItsParametersWithDefaults() {
    List<String> common = List.of("epochs", "batch_size", "learning_rate", "optimizer", "schedule", "decay", "l2");
    List<String> tail = List.of("early_stopping", "validation_fraction", "patience", "tol");
    List<String> withL1 = new ArrayList<>(common);
    withL1.add("l1");
    withL1.addAll(tail);
    List<String> withoutL1 = new ArrayList<>(common);
    withoutL1.addAll(tail);
    assertThat(LinearTrainer.params(Objective.LOGISTIC)).extracting(ParamSpec::name).containsExactlyElementsOf(withL1);
    assertThat(LinearTrainer.params(Objective.LINEAR)).extracting(ParamSpec::name).containsExactlyElementsOf(withL1);
    assertThat(LinearTrainer.params(Objective.SOFTMAX)).extracting(ParamSpec::name).containsExactlyElementsOf(withoutL1);

    Params defaults = Params.parse("logistic", LinearTrainer.params(Objective.LOGISTIC), Map.of());
    assertThat(LinearTrainer.fromParams(Objective.LOGISTIC, defaults).effectiveParams())
        .isEqualTo(defaults.effective())
        .isEqualTo(LinearTrainer.logistic().build().effectiveParams());
    assertThat(defaults.getString("optimizer")).isEqualTo("adam");
  }

  @Test
  void invalidSettingsNameTheBrokenRule() {
    assertThatThrownBy(() -> LinearTrainer.softmax().epochs(0).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("epochs must be between 1 and 100000, was 0");
    assertThatThrownBy(() -> LinearTrainer.softmax().l1(0.1).build())
        .hasMessage("l1 is only supported for logistic and linear, was 0.1 for softmax");
    assertThatThrownBy(() -> LinearTrainer.logistic().optimizer("lbfgs").build())
        .hasMessage("optimizer must be one of [sgd, momentum, adagrad, adam], was 'lbfgs'");
    assertThatThrownBy(() -> LinearTrainer.logistic().validationFraction(0.9).build())
        .hasMessage("validation_fraction must be between 0.01 and 0.5, was 0.9");
  }

  @Test
  void dataThatDoesNotFitTheObjectiveIsRejected() {
    Object[] three = classification(30, 2, 3, 1);
    TrainContext ctx = context(1, 1, ProgressListener.NONE);
    FeatureMatrix x = (FeatureMatrix) three[0];
    assertThatThrownBy(() -> LinearTrainer.logistic().build().train(x, (Target) three[1], ctx))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("logistic regression needs exactly 2 classes, was 3; use softmax for more");
    assertThatThrownBy(() -> LinearTrainer.linear().build().train(x, (Target) three[1], ctx))
        .hasMessage("linear regression needs a numeric target, got class labels");
    assertThatThrownBy(() -> LinearTrainer.softmax().build().train(x, new Target.Values(new float[30]), ctx))
        .hasMessage("softmax regression needs class labels, got a numeric target");
    assertThatThrownBy(() -> LinearTrainer.softmax().build().train(x, ((Target) three[1]).rows(new int[] {0, 1}), ctx))
        .hasMessage("features have 30 rows but the target has 2");
    float[][] cols = {{1f, Float.NaN}};
    assertThatThrownBy(() -> LinearTrainer.linear().build().train(matrix(cols, 2), new Target.Values(new float[2]), ctx))
        .hasMessage("features must be finite (impute missing values first), column 'f0' row 1 is NaN");
  }

  @Test
  void aDivergingRunFailsInsteadOfReturningAModelOfNaNs() {
    Random r = new Random(3);
    int n = 200;
    float[][] cols = new float[2][n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      cols[0][i] = (float) (1e4 * r.nextGaussian());
      cols[1][i] = (float) r.nextGaussian();
      y[i] = cols[0][i];
    }
    LinearTrainer trainer = LinearTrainer.linear().optimizer("sgd").learningRate(1).schedule("constant").epochs(50).build();
    assertThatThrownBy(() -> trainer.train(matrix(cols, n), new Target.Values(y), context(1, 1, ProgressListener.NONE)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("training diverged in epoch ")
        .hasMessageEndingWith("); lower learning_rate (was 1.0) or standardize the features");
  }

  private static double accuracy(LinearModel m, FeatureMatrix x, int[] y) {
    double[][] p = m.predictAll(x);
    int ok = 0;
    for (int i = 0; i < y.length; i++) {
      int best = 0;
      for (int c = 1; c < p[i].length; c++) {
        if (p[i][c] > p[i][best]) {
          best = c;
        }
      }
      ok += best == y[i] ? 1 : 0;
    }
    return (double) ok / y.length;
  }
}
