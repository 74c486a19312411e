package dev.trainyard.ml.forest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainyard.ml.FashionMnist;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.Frames;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.metrics.Metrics;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.split.Split;
import dev.trainyard.ml.split.Splits;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Quality bars on the shared real datasets, default hyper-parameters (100 trees), 2 threads. */
class RandomForestRealDataTest {
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final TrainContext context = new TrainContext(42, executor, 2, ProgressListener.NONE);
  private final RandomForestTrainer trainer = RandomForestTrainer.builder(Task.CLASSIFICATION).build();

  @AfterEach
  void shutDown() throws InterruptedException {
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void irisReaches93PercentIn5FoldStratifiedCv() {
    double accuracy = crossValidate("iris.csv");
    System.out.printf("iris random forest 5-fold accuracy %.4f (scikit-learn 0.947)%n", accuracy);
    assertThat(accuracy).isGreaterThanOrEqualTo(0.93);
  }

  @Test
  void digitsReaches96PercentIn5FoldStratifiedCv() {
    double accuracy = crossValidate("digits.csv");
    System.out.printf("digits random forest 5-fold accuracy %.4f (scikit-learn 0.978)%n", accuracy);
    assertThat(accuracy).isGreaterThanOrEqualTo(0.96);
  }

  @Test
  void breastCancerReaches94PercentIn5FoldStratifiedCv() {
    double accuracy = crossValidate("breast_cancer.csv");
    System.out.printf("breast_cancer random forest 5-fold accuracy %.4f (scikit-learn 0.956)%n", accuracy);
    assertThat(accuracy).isGreaterThanOrEqualTo(0.94);
  }

  @Test
  void fashionMnistWith100TreesReaches86PercentOnTheTestSet() {
    FashionMnist.Data data = FashionMnist.raw();

    long start = System.nanoTime();
    RandomForestModel model = trainer.train(data.x(), data.y(), context);
    double seconds = (System.nanoTime() - start) / 1e9;

    double accuracy = accuracy(model, data.testX(), data.testY());
    System.out.printf("fashion_mnist random forest (100 trees) test accuracy %.4f, OOB %.4f, trained in %.1f s"
        + " with 2 threads (scikit-learn: 0.876 in 46-117 s)%n", accuracy, model.oobScore(), seconds);
    assertThat(accuracy).isGreaterThanOrEqualTo(0.86);
  }

  /** Mean accuracy over 5 stratified folds (seed 42). */
  private double crossValidate(String file) {
    Frame frame = CsvReader.read(TestDatasets.file(file), CsvOptions.defaults());
    FeatureMatrix x = Frames.features(frame, "label");
    Target.Classes y = Frames.classTarget(frame, "label");
    List<Split> folds = Splits.stratifiedKFold(y.codes(), 5, 42);
    double sum = 0;
    for (Split fold : folds) {
      RandomForestModel model = trainer.train(x.rows(fold.train()), y.rows(fold.train()), context);
      sum += accuracy(model, x.rows(fold.test()), y.rows(fold.test()).codes());
    }
    return sum / folds.size();
  }

  private static double accuracy(RandomForestModel model, FeatureMatrix x, int[] actual) {
    return Metrics.accuracy(actual, Metrics.argmax(model.predictAll(x)));
  }
}
